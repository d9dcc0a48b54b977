namespace KafkaChaos.Workload;

/// <summary>A counter of <see cref="WorkerCounters"/> that a <see cref="WorkerPause"/> gate can watch.</summary>
internal enum WorkerCounter
{
    /// <summary>Producer: messages handed to the client library (application retries count again).</summary>
    Sent,
    /// <summary>Producer: delivery reports Ok.</summary>
    Acked,
    /// <summary>Producer: delivery reports Fail.</summary>
    Failed,
    /// <summary>Producer: delivery reports with no definite outcome.</summary>
    Indeterminate,
    /// <summary>Consumer: records taken from the client, before processing.</summary>
    Polled,
    /// <summary>Consumer: records processed (side effect recorded), before their commit.</summary>
    Processed,
    /// <summary>Consumer: successful commits.</summary>
    Committed,
}
