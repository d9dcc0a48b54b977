using KafkaChaos.History;

namespace KafkaChaos.Soak;

/// <summary>
/// What a soak's first violation needs from its ledgers, gathered in one streamed pass: when each example ID was
/// acknowledged (else sent), when the run began (its first send or fault), and the fault events.
/// </summary>
internal sealed class SoakLedgerMoments(HashSet<MessageId> ids) : ILedgerVisitor
{
    private readonly Dictionary<MessageId, long> _acked = [];
    private readonly Dictionary<MessageId, long> _sent = [];
    private readonly List<FaultEvent> _faults = [];
    private long _firstSend = long.MaxValue;

    /// <summary>The run's origin: its first send, or its first fault when that came earlier (0 with neither).</summary>
    public long Origin => Math.Min(_firstSend, _faults.Count > 0 ? _faults[0].TimestampTicks : long.MaxValue) is var origin && origin != long.MaxValue ? origin : 0;

    /// <summary>The fault events, in history order.</summary>
    public IReadOnlyList<FaultEvent> Faults => _faults;

    /// <inheritdoc/>
    public LedgerKinds Kinds => LedgerKinds.SendInvoked | LedgerKinds.SendCompleted | LedgerKinds.Fault;

    /// <summary>Per example ID: its first acknowledgement, else its first send (timestamp ticks).</summary>
    public Dictionary<MessageId, long> Moments()
    {
        var moments = new Dictionary<MessageId, long>(_acked);
        foreach (var (id, ticks) in _sent) moments.TryAdd(id, ticks);
        return moments;
    }

    /// <inheritdoc/>
    public void Invoked(in SendInvoked e)
    {
        if (_firstSend == long.MaxValue) _firstSend = e.TimestampTicks;
        if (ids.Contains(e.Id)) _sent.TryAdd(e.Id, e.TimestampTicks);
    }

    /// <inheritdoc/>
    public void Completed(in SendCompleted e)
    {
        if (e.Outcome.Kind == SendOutcomeKind.Ok && ids.Contains(e.Id)) _acked.TryAdd(e.Id, e.TimestampTicks);
    }

    /// <inheritdoc/>
    public void Fault(in FaultEvent e) => _faults.Add(e);

    /// <inheritdoc/>
    public void Consumed(in Consumed e)
    {
    }

    /// <inheritdoc/>
    public void Processed(in Processed e)
    {
    }

    /// <inheritdoc/>
    public void Committed(in Committed e)
    {
    }

    /// <inheritdoc/>
    public void Note(in Note e)
    {
    }
}
