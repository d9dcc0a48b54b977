using System.Runtime.CompilerServices;
using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// First pass over the ledger: grows the per-ID table from the invocations, counts the sends per second, and notes
/// the time range of every record and the highest committed offset per partition.
/// </summary>
internal sealed class InvocationPass(IdTableBuilder table, Dictionary<int, long> committed) : ILedgerVisitor
{
    private long _first = long.MaxValue, _last = long.MinValue;

    /// <summary>The sends per second, for the series.</summary>
    public SecondTally Sends { get; } = new();

    /// <summary>The first and last timestamps, clamped to what <see cref="DateTimeOffset"/> holds; null when there was no record.</summary>
    public (long First, long Last)? Range => _first > _last
        ? null
        : (Math.Clamp(_first, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks),
           Math.Clamp(_last, Math.Clamp(_first, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), DateTimeOffset.MaxValue.UtcTicks));

    /// <inheritdoc/>
    public LedgerKinds Kinds => LedgerKinds.SendInvoked | LedgerKinds.Committed;

    /// <inheritdoc/>
    public void Timestamps(long earliestTicks, long latestTicks)
    {
        Saw(earliestTicks);
        Saw(latestTicks);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Invoked(in SendInvoked e)
    {
        Saw(e.TimestampTicks);
        Sends.Add(e.TimestampTicks);
        table.Invoked(e);
    }

    /// <inheritdoc/>
    public void Completed(in SendCompleted e) => Saw(e.TimestampTicks);

    /// <inheritdoc/>
    public void Consumed(in Consumed e) => Saw(e.TimestampTicks);

    /// <inheritdoc/>
    public void Processed(in Processed e) => Saw(e.TimestampTicks);

    /// <inheritdoc/>
    public void Committed(in Committed e)
    {
        Saw(e.TimestampTicks);
        committed[e.Partition] = Math.Max(committed.GetValueOrDefault(e.Partition, -1), e.Offset);
    }

    /// <inheritdoc/>
    public void Fault(in FaultEvent e) => Saw(e.TimestampTicks);

    /// <inheritdoc/>
    public void Note(in Note e) => Saw(e.TimestampTicks);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Saw(long ticks)
    {
        if (ticks < _first) _first = ticks;
        if (ticks > _last) _last = ticks;
    }
}
