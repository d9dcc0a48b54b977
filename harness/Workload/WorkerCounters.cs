namespace KafkaChaos.Workload;

/// <summary>A snapshot of a worker's progress. Producers fill the send counters, consumers the others.</summary>
/// <param name="Sent">Messages handed to the client library (application re-sends count again).</param>
/// <param name="Acked">Delivery reports Ok.</param>
/// <param name="Failed">Delivery reports Fail (certainly not written), and sends the client refused.</param>
/// <param name="Indeterminate">Delivery reports with no definite outcome (timeouts, transport errors).</param>
/// <param name="Polled">Records the consumer took from the client.</param>
/// <param name="Processed">Records processed (a deduplicated redelivery counts: it was handled).</param>
/// <param name="Committed">Successful commits (manual commits, or auto commits the client reported).</param>
/// <param name="CommittedOffsetLead">
/// How far committed offsets ran ahead of processing: per partition, committed offset minus the next offset
/// to process, counted only where positive, summed. Non-zero means a crash now loses messages (auto commit, claim C1).
/// </param>
internal sealed record WorkerCounters(
    long Sent = 0,
    long Acked = 0,
    long Failed = 0,
    long Indeterminate = 0,
    long Polled = 0,
    long Processed = 0,
    long Committed = 0,
    long CommittedOffsetLead = 0)
{
    /// <summary>All zero.</summary>
    public static WorkerCounters Zero { get; } = new();

    /// <summary>The value of <paramref name="counter"/>.</summary>
    public long Get(WorkerCounter counter) => counter switch
    {
        WorkerCounter.Sent => Sent,
        WorkerCounter.Acked => Acked,
        WorkerCounter.Failed => Failed,
        WorkerCounter.Indeterminate => Indeterminate,
        WorkerCounter.Polled => Polled,
        WorkerCounter.Processed => Processed,
        WorkerCounter.Committed => Committed,
        _ => throw new ArgumentOutOfRangeException(nameof(counter), counter, null),
    };
}
