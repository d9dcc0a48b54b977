namespace KafkaChaos.Workload;

/// <summary>
/// A running producer or consumer worker, in this process or in a child process; the scenario runner
/// drives both through this handle. Disposing a worker that has not finished kills it (never an orphan).
/// </summary>
internal interface IWorker : IAsyncDisposable
{
    /// <summary>The worker's name, e.g. <c>producer-0</c> or <c>consumer-1</c>.</summary>
    string Name { get; }

    /// <summary>A live snapshot of the worker's counters (for a child: the latest it reported).</summary>
    WorkerCounters Counters { get; }

    /// <summary>Producer: every message completed or given up. Consumer: stopped. Also completes when killed; faults when the worker failed.</summary>
    Task Completion { get; }

    /// <summary>Completes when the worker reached its <see cref="WorkerContext.PauseAt"/> gate and stopped there.</summary>
    Task WaitPausedAsync(CancellationToken cancellationToken);

    /// <summary>Lets a paused worker continue (the gate is spent: it does not pause again).</summary>
    Task ResumeAsync(CancellationToken cancellationToken);

    /// <summary>Child: SIGKILL. In-process: abandon without flushing (the client is disposed with no flush, nothing more is recorded).</summary>
    Task KillAsync(CancellationToken cancellationToken);

    /// <summary>Graceful stop: a producer stops sending and flushes; a consumer makes its final commit and closes.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
