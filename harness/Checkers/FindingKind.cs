namespace KafkaChaos.Checkers;

/// <summary>
/// The classes of outcome a check reports. Most are anomalies (violations of "every acknowledged message
/// is in the log once, in order, and processed once"); some are expected outcomes reported for context.
/// See <see cref="Finding.IsAnomaly"/>.
/// </summary>
internal enum FindingKind
{
    /// <summary>Acknowledged, absent from the final read: lost in the log. Counts as <see cref="CheckCounts.AckedLost"/>.</summary>
    AckedLost,
    /// <summary>Subset of <see cref="AckedLost"/>: a consumer had read the ID before it vanished (the log was truncated under it).</summary>
    AckedLostAfterConsumption,
    /// <summary>Acknowledged (partition, offset) positions that the final read no longer holds, or holds with another ID: log truncation evidence (claim K1).</summary>
    TruncatedAckedOffsets,
    /// <summary>Fire-and-forget IDs absent from the log, whatever the hidden delivery report said. <see cref="CheckCounts.SilentlyLost"/>.</summary>
    SilentlyLost,
    /// <summary>
    /// In the log, never processed by any consumer: lost on the way to the consumer. <see cref="CheckCounts.Unprocessed"/>.
    /// The summary splits them into those behind the group's committed offset (skipped for good) and those not yet reached.
    /// </summary>
    Unprocessed,
    /// <summary>IDs at two or more offsets of the log (producer retries). <see cref="CheckCounts.DuplicatesInLog"/>.</summary>
    DuplicateInLog,
    /// <summary>IDs processed more than once (consumer redelivery). <see cref="CheckCounts.DuplicateProcessing"/>.</summary>
    DuplicateProcessing,
    /// <summary>IDs stored after a higher sequence of the same producer in the same partition. <see cref="CheckCounts.Reordered"/>.</summary>
    Reordered,
    /// <summary>IDs in the log, consumed or processed that no producer invoked, and undecodable values. <see cref="CheckCounts.Unexpected"/>.</summary>
    Unexpected,
    /// <summary>Not an anomaly: failed or indeterminate, yet present in the log ("recovered"). <see cref="CheckCounts.UnackedPresent"/>.</summary>
    UnackedPresent,
    /// <summary>Not an anomaly: failed or indeterminate and absent, the expected fate of a failed send.</summary>
    UnackedAbsent,
    /// <summary>Not an anomaly: absent from the final read, but possibly in a partition that could not be read.</summary>
    Unverifiable,
    /// <summary>Not an anomaly of Kafka: a completion for an ID the ledger has no invocation of (a harness bug).</summary>
    CompletionWithoutInvocation,
    /// <summary>
    /// Not an anomaly: the client was told the send failed (every completion an error, certain or not, e.g.
    /// NOT_ENOUGH_REPLICAS_AFTER_APPEND), yet the final read holds it (claim B11). A subset of <see cref="UnackedPresent"/>.
    /// </summary>
    FailedButPresent,
    /// <summary>
    /// Not an anomaly: stored after a message of another producer in the same partition whose send was invoked later
    /// (claim D5). Kafka orders per producer and partition only (<see cref="Reordered"/> is that violation).
    /// </summary>
    CrossProducerReordered,
}
