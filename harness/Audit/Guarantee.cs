namespace KafkaChaos.Audit;

/// <summary>The matrix columns that count violations (latency is reported beside them).</summary>
internal enum Guarantee
{
    /// <summary>Acknowledged messages no final read returns.</summary>
    AckedLoss,
    /// <summary>Messages the application believed sent (fire-and-forget) that are neither acknowledged nor in the log.</summary>
    SilentLoss,
    /// <summary>Messages stored twice in the log.</summary>
    DuplicatesInLog,
    /// <summary>Messages processed more than once.</summary>
    DuplicateProcessing,
    /// <summary>Messages in the log the consumers never processed.</summary>
    Unprocessed,
    /// <summary>Messages out of order per producer and partition.</summary>
    Reordered,
    /// <summary>Sends that ended failed or indeterminate.</summary>
    FailedSends,
}
