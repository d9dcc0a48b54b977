namespace KafkaChaos.History;

/// <summary>
/// The finished ledger of a run: every worker stream merged. Each list keeps each stream's write order;
/// streams are interleaved by timestamp. Immutable. Load one with <see cref="LoadAsync"/>, or build one in
/// memory with <see cref="HistoryBuilder"/>.
/// </summary>
/// <remarks>Named <c>RunHistory</c>, not <c>History</c>, so it never collides with the <c>KafkaChaos.History</c> namespace.</remarks>
internal sealed class RunHistory
{
    internal RunHistory(
        SendInvoked[] invocations,
        SendCompleted[] completions,
        Consumed[] consumptions,
        Processed[] processings,
        Committed[] commits,
        FaultEvent[] faults,
        Note[] notes,
        HistoryStreamInfo[] streams)
    {
        InvocationArray = invocations;
        CompletionArray = completions;
        ConsumedArray = consumptions;
        ProcessedArray = processings;
        CommitArray = commits;
        FaultArray = faults;
        NoteArray = notes;
        StreamArray = streams;
    }

    /// <summary>An empty history.</summary>
    public static RunHistory Empty { get; } = new HistoryBuilder().Build();

    /// <summary>Every send invocation.</summary>
    public IReadOnlyList<SendInvoked> Invocations => InvocationArray;

    /// <summary>Every send completion (delivery report).</summary>
    public IReadOnlyList<SendCompleted> Completions => CompletionArray;

    /// <summary>Every record a consumer received.</summary>
    public IReadOnlyList<Consumed> Consumptions => ConsumedArray;

    /// <summary>Every processing side effect.</summary>
    public IReadOnlyList<Processed> Processings => ProcessedArray;

    /// <summary>Every successful offset commit.</summary>
    public IReadOnlyList<Committed> Commits => CommitArray;

    /// <summary>Fault injections and heals.</summary>
    public IReadOnlyList<FaultEvent> Faults => FaultArray;

    /// <summary>Free-text notes (phase changes).</summary>
    public IReadOnlyList<Note> Notes => NoteArray;

    /// <summary>One entry per stream (worker file) the history was merged from, with torn-tail information.</summary>
    public IReadOnlyList<HistoryStreamInfo> Streams => StreamArray;

    internal SendInvoked[] InvocationArray { get; }
    internal SendCompleted[] CompletionArray { get; }
    internal Consumed[] ConsumedArray { get; }
    internal Processed[] ProcessedArray { get; }
    internal Committed[] CommitArray { get; }
    internal FaultEvent[] FaultArray { get; }
    internal Note[] NoteArray { get; }
    internal HistoryStreamInfo[] StreamArray { get; }

    /// <summary>
    /// Reads every <c>*.history</c> file in <paramref name="runDirectory"/> and merges them. A torn last
    /// record (a writer killed mid-write) is discarded and reported in <see cref="Streams"/>, never an error.
    /// </summary>
    public static Task<RunHistory> LoadAsync(string runDirectory, CancellationToken cancellationToken = default) =>
        HistoryReader.LoadAsync(runDirectory, cancellationToken);
}
