namespace KafkaChaos.Scenarios;

/// <summary>A consumer profile; <see cref="Count"/> workers run it in one group.</summary>
internal sealed record ConsumerProfile
{
    /// <summary>Consumer group id. Default <c>g1</c>.</summary>
    public string Group { get; init; } = "g1";

    /// <summary>Workers with this profile. Default 1.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Commit mode. Default <see cref="CommitMode.ManualSync"/>.</summary>
    public CommitMode Commit { get; init; } = CommitMode.ManualSync;

    /// <summary>Manual commit granularity. Default <see cref="CommitEvery.Message"/>.</summary>
    public CommitEvery CommitEvery { get; init; } = CommitEvery.Message;

    /// <summary><c>auto.commit.interval.ms</c>. Default 5000.</summary>
    public int AutoCommitIntervalMs { get; init; } = 5000;

    /// <summary>Simulated processing time per message. Default 0.</summary>
    public int ProcessingMs { get; init; }

    /// <summary>Idempotent processing: skip IDs already in the consumer's own store. Default false.</summary>
    public bool Dedupe { get; init; }

    /// <summary>Records the worker takes from the client per poll before processing them (Java's <c>max.poll.records</c>). Default 500.</summary>
    public int MaxPollRecords { get; init; } = 500;

    /// <summary><c>auto.offset.reset</c>. Default <c>earliest</c>.</summary>
    public string AutoOffsetReset { get; init; } = "earliest";

    /// <summary>Raw librdkafka properties applied last. Default empty.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = Empty.Map;

    /// <summary>Where the workers run. Default <see cref="WorkerProcess.Child"/> (so a crash fault can kill them).</summary>
    public WorkerProcess Process { get; init; } = WorkerProcess.Child;
}
