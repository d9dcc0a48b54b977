namespace KafkaChaos.Workload;

/// <summary>
/// Thread-safe live counters of one worker with its one-shot pause gate. Producers increment from the
/// delivery-report thread and the send loop; consumers from their poll loop.
/// </summary>
/// <param name="pauseAt">The gate, or null.</param>
/// <param name="beforePause">Runs right before "paused" is reported (the worker flushes its ledger, so what it did up to the gate is on disk when a fault strikes).</param>
internal sealed class CounterBoard(WorkerPause? pauseAt, Action? beforePause = null)
{
    private readonly long[] _values = new long[Enum.GetValues<WorkerCounter>().Length];
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _committedOffsetLead;

    /// <summary>Completes when the worker stopped at its gate.</summary>
    public Task Paused => _paused.Task;

    /// <summary>True once the gate's counter reached its count and the worker has not been resumed.</summary>
    public bool GateClosed => pauseAt is not null && !_resumed.Task.IsCompleted && Get(pauseAt.Counter) >= pauseAt.Count;

    /// <summary>How many more of <paramref name="counter"/> until the armed gate on it closes; null when no gate waits on it.</summary>
    public long? RemainingUntilGate(WorkerCounter counter) =>
        pauseAt is not null && pauseAt.Counter == counter && !_resumed.Task.IsCompleted
            ? Math.Max(0, pauseAt.Count - Get(counter))
            : null;

    public long Get(WorkerCounter counter) => Interlocked.Read(ref _values[(int)counter]);

    public long Increment(WorkerCounter counter, long by = 1) => Interlocked.Add(ref _values[(int)counter], by);

    public void SetCommittedOffsetLead(long lead) => Interlocked.Exchange(ref _committedOffsetLead, lead);

    public WorkerCounters Snapshot() => new(
        Get(WorkerCounter.Sent), Get(WorkerCounter.Acked), Get(WorkerCounter.Failed), Get(WorkerCounter.Indeterminate),
        Get(WorkerCounter.Polled), Get(WorkerCounter.Processed), Get(WorkerCounter.Committed), Interlocked.Read(ref _committedOffsetLead));

    /// <summary>
    /// Called by the worker loop at each gate point: when the gate is closed, reports "paused" and waits for
    /// <see cref="Resume"/> (or <paramref name="cancellationToken"/>: stop and kill end the wait).
    /// <paramref name="whilePaused"/> runs periodically during the pause (e.g. to observe auto commits).
    /// </summary>
    public async Task PassGateAsync(Func<CancellationToken, Task>? whilePaused, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!GateClosed)
        {
            return;
        }
        ReportPaused();
        if (whilePaused is null)
        {
            await _resumed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        while (!_resumed.Task.IsCompleted)
        {
            await whilePaused(cancellationToken).ConfigureAwait(false);
            await Task.WhenAny(_resumed.Task, Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>A task that completes once the gate is open (immediately when it is); for re-sends scheduled off the loop.</summary>
    public Task WhenOpenAsync(CancellationToken cancellationToken) =>
        GateClosed ? _resumed.Task.WaitAsync(cancellationToken) : Task.CompletedTask;

    public void Resume() => _resumed.TrySetResult();

    /// <summary>Reports "paused" when the gate is closed although no loop is running to pass it (a producer that sent everything).</summary>
    public void MarkPausedIfClosed()
    {
        if (GateClosed)
        {
            ReportPaused();
        }
    }

    private void ReportPaused()
    {
        if (_paused.Task.IsCompleted) return;
        beforePause?.Invoke();
        _paused.TrySetResult();
    }

    /// <summary>Ends a pending <see cref="Paused"/> wait with an error when the worker ended before reaching its gate.</summary>
    public void EndedBeforeGate(string why)
    {
        if (pauseAt is not null && !_paused.Task.IsCompleted)
        {
            _paused.TrySetException(new InvalidOperationException($"The worker {why} before reaching its pause gate ({pauseAt.Counter} {pauseAt.Count})."));
        }
    }
}
