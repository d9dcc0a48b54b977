namespace KafkaChaos.Checkers;

/// <summary>
/// The totals a check produces, one per class of outcome. These names are the report contract
/// (<c>report.json</c> → <c>counts</c>) and the vocabulary of scenario expectations.
/// </summary>
internal sealed record CheckCounts
{
    /// <summary>IDs the application invoked a send for (what it believes it sent).</summary>
    public long Sent { get; init; }
    /// <summary>Sends completed Ok: the broker acknowledged them.</summary>
    public long Acked { get; init; }
    /// <summary>Sends completed Fail: certainly not written.</summary>
    public long Failed { get; init; }
    /// <summary>Sends with no definite outcome (timeout, crash, unknown error).</summary>
    public long Indeterminate { get; init; }
    /// <summary>Acknowledged IDs that no final read returns.</summary>
    public long AckedLost { get; init; }
    /// <summary>Unacknowledged (failed or indeterminate) IDs that the final read returns anyway.</summary>
    public long UnackedPresent { get; init; }
    /// <summary>IDs the application believed it sent (fire-and-forget) that are neither acknowledged nor in the log.</summary>
    public long SilentlyLost { get; init; }
    /// <summary>IDs present in the log that the consumers never processed.</summary>
    public long Unprocessed { get; init; }
    /// <summary>IDs stored at two or more offsets of the log (producer retry duplicates).</summary>
    public long DuplicatesInLog { get; init; }
    /// <summary>IDs processed more than once (consumer redelivery).</summary>
    public long DuplicateProcessing { get; init; }
    /// <summary>IDs out of order per producer and partition in the log.</summary>
    public long Reordered { get; init; }
    /// <summary>IDs in the log or consumed that no producer invoked.</summary>
    public long Unexpected { get; init; }
}
