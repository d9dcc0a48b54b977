namespace KafkaChaos.History;

/// <summary>
/// Collects events in memory and builds a <see cref="RunHistory"/>: for tests, generators and benchmarks,
/// and used by the reader for each stream. Events keep insertion order. Not thread-safe.
/// </summary>
internal sealed class HistoryBuilder : ILedgerVisitor
{
    private readonly EventList<SendInvoked> _invocations;
    private readonly EventList<SendCompleted> _completions;
    private readonly EventList<Consumed> _consumptions;
    private readonly EventList<Processed> _processings;
    private readonly EventList<Committed> _commits = new(0);
    private readonly EventList<FaultEvent> _faults = new(0);
    private readonly EventList<Note> _notes = new(0);

    /// <summary>Creates a builder; <paramref name="expectedMessages"/> pre-sizes the per-message lists (default 0).</summary>
    public HistoryBuilder(int expectedMessages = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedMessages);
        _invocations = new(expectedMessages);
        _completions = new(expectedMessages);
        _consumptions = new(expectedMessages);
        _processings = new(expectedMessages);
    }

    /// <summary>Total events added.</summary>
    public long Count => (long)_invocations.Count + _completions.Count + _consumptions.Count + _processings.Count + _commits.Count + _faults.Count + _notes.Count;

    /// <summary>Adds a send invocation.</summary>
    public HistoryBuilder Add(in SendInvoked e) { _invocations.Add(e); return this; }

    /// <summary>Adds a send completion.</summary>
    public HistoryBuilder Add(in SendCompleted e) { _completions.Add(e); return this; }

    /// <summary>Adds a consumed record.</summary>
    public HistoryBuilder Add(in Consumed e) { _consumptions.Add(e); return this; }

    /// <summary>Adds a processing side effect.</summary>
    public HistoryBuilder Add(in Processed e) { _processings.Add(e); return this; }

    /// <summary>Adds an offset commit.</summary>
    public HistoryBuilder Add(in Committed e) { _commits.Add(e); return this; }

    /// <summary>Adds a fault event.</summary>
    public HistoryBuilder Add(in FaultEvent e) { _faults.Add(e); return this; }

    /// <summary>Adds a note.</summary>
    public HistoryBuilder Add(in Note e) { _notes.Add(e); return this; }

    void ILedgerVisitor.Invoked(in SendInvoked e) => Add(e);

    void ILedgerVisitor.Completed(in SendCompleted e) => Add(e);

    void ILedgerVisitor.Consumed(in Consumed e) => Add(e);

    void ILedgerVisitor.Processed(in Processed e) => Add(e);

    void ILedgerVisitor.Committed(in Committed e) => Add(e);

    void ILedgerVisitor.Fault(in FaultEvent e) => Add(e);

    void ILedgerVisitor.Note(in Note e) => Add(e);

    /// <summary>Builds the history as a single in-memory stream named <paramref name="streamName"/>.</summary>
    public RunHistory Build(string streamName = "memory") =>
        new(
            _invocations.ToArray(), _completions.ToArray(), _consumptions.ToArray(), _processings.ToArray(),
            _commits.ToArray(), _faults.ToArray(), _notes.ToArray(),
            [new HistoryStreamInfo(streamName, "", Count, 0)]);

    /// <summary>
    /// Merges several streams: each keeps its order, streams are interleaved by timestamp. Consumes the
    /// builders: each kind's storage is released as soon as it is merged, to bound peak memory while loading.
    /// </summary>
    internal static RunHistory Merge(IReadOnlyList<HistoryBuilder> streams, HistoryStreamInfo[] infos) =>
        new(
            MergeByTime(streams, b => b._invocations),
            MergeByTime(streams, b => b._completions),
            MergeByTime(streams, b => b._consumptions),
            MergeByTime(streams, b => b._processings),
            MergeByTime(streams, b => b._commits),
            MergeByTime(streams, b => b._faults),
            MergeByTime(streams, b => b._notes),
            infos);

    private static T[] MergeByTime<T>(IReadOnlyList<HistoryBuilder> streams, Func<HistoryBuilder, EventList<T>> select)
        where T : struct, IHistoryEvent
    {
        var runs = streams.Select(select).Where(l => l.Count > 0).ToArray();
        if (runs.Length == 0)
        {
            return [];
        }
        if (runs.Length == 1)
        {
            var only = runs[0].ToArray();
            runs[0].Release();
            return only;
        }
        var result = new T[runs.Sum(r => r.Count)];
        var heads = new int[runs.Length];
        for (int n = 0; n < result.Length; n++)
        {
            // Linear scan over the heads: worker counts are small, and it keeps each run's order even when
            // a wall clock stepped back inside one stream. Ties go to the lower stream index.
            int best = -1;
            long bestTicks = long.MaxValue;
            for (int r = 0; r < runs.Length; r++)
            {
                if (heads[r] < runs[r].Count)
                {
                    long t = runs[r][heads[r]].TimestampTicks;
                    if (best < 0 || t < bestTicks)
                    {
                        best = r;
                        bestTicks = t;
                    }
                }
            }
            result[n] = runs[best][heads[best]++];
        }
        foreach (var run in runs)
        {
            run.Release();
        }
        return result;
    }
}
