namespace KafkaChaos.Workload;

/// <summary>
/// A one-shot gate: the worker stops right after <paramref name="Counter"/> reaches <paramref name="Count"/>
/// (no further sends or polls) until <see cref="IWorker.ResumeAsync"/>. This is what times a fault at a
/// protocol moment: pause at 100 acks, wait paused, kill the leader, resume.
/// </summary>
/// <remarks>
/// Consumer gates: <see cref="WorkerCounter.Polled"/> stops after the Nth record was taken and recorded as
/// consumed, before it is processed; <see cref="WorkerCounter.Processed"/> stops after the Nth processing was
/// recorded, before its commit; <see cref="WorkerCounter.Committed"/> after the Nth commit.
/// Producer gates stop before the next hand-off; messages already in flight still complete.
/// </remarks>
internal sealed record WorkerPause(WorkerCounter Counter, long Count)
{
    /// <summary>Rejects a count below 1.</summary>
    public long Count { get; init; } = Count >= 1 ? Count : throw new ArgumentOutOfRangeException(nameof(Count), Count, "A pause gate needs a count of at least 1.");
}
