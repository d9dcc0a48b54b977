namespace KafkaChaos.Fixtures;

/// <summary>
/// The counts of a <see cref="ChaosLedger.CheckAsync"/> or a <see cref="ChaosScenario.RunAsync"/>, message ids unless
/// stated otherwise: the public face of the checker's internal counts.
/// </summary>
public sealed record LedgerCounts
{
    internal static LedgerCounts From(Checkers.CheckCounts c, long recordsInTopic = 0) => new()
    {
        Sent = c.Sent, Acked = c.Acked, Failed = c.Failed, Indeterminate = c.Indeterminate, AckedLost = c.AckedLost,
        UnackedPresent = c.UnackedPresent, DuplicatesInLog = c.DuplicatesInLog, DuplicateProcessing = c.DuplicateProcessing,
        Unprocessed = c.Unprocessed, Reordered = c.Reordered, Unexpected = c.Unexpected, RecordsInTopic = recordsInTopic,
    };

    /// <summary>Messages your tracked producers sent (invoked).</summary>
    public long Sent { get; init; }

    /// <summary>Sent and acknowledged by the broker.</summary>
    public long Acked { get; init; }

    /// <summary>Sent and definitely refused (not persisted).</summary>
    public long Failed { get; init; }

    /// <summary>Sent with no definite outcome (a timeout, a cut connection).</summary>
    public long Indeterminate { get; init; }

    /// <summary>Acknowledged, yet absent from the topic at the end: the loss that acknowledgement was meant to rule out.</summary>
    public long AckedLost { get; init; }

    /// <summary>Not acknowledged, yet present in the topic.</summary>
    public long UnackedPresent { get; init; }

    /// <summary>Present in the topic more than once (a retried write that had been appended).</summary>
    public long DuplicatesInLog { get; init; }

    /// <summary>Processed more than once by your consumers (a redelivery).</summary>
    public long DuplicateProcessing { get; init; }

    /// <summary>In the topic but never processed (counted only when something was processed).</summary>
    public long Unprocessed { get; init; }

    /// <summary>Out of send order within a partition.</summary>
    public long Reordered { get; init; }

    /// <summary>In the topic or processed without an id this ledger gave.</summary>
    public long Unexpected { get; init; }

    /// <summary>Records read from the topic at the end.</summary>
    public long RecordsInTopic { get; init; }
}
