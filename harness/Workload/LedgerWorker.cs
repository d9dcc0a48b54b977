using KafkaChaos.History;

namespace KafkaChaos.Workload;

/// <summary>
/// The lifecycle an in-process producer and consumer share: a ledger stream whose buffered records reach the OS at
/// least every <see cref="HistoryFlushInterval"/> (so a SIGKILL loses at most the last moment's), counters with a
/// pause gate, and one ending: kill (the client is abandoned, nothing more is recorded) or stop (graceful), whichever
/// comes first; then the ledger is closed and <see cref="Completion"/> completes.
/// </summary>
internal abstract class LedgerWorker : IWorker
{
    /// <summary>How often buffered ledger records are handed to the OS (100 ms).</summary>
    public static readonly TimeSpan HistoryFlushInterval = TimeSpan.FromMilliseconds(100);

    private readonly ITimer _flushTimer;
    private readonly Lock _lifecycle = new();
    private volatile bool _killed;
    private volatile bool _closed;

    protected LedgerWorker(string name, WorkerContext context, HistoryWriter history)
    {
        Name = name;
        History = history;
        Board = new CounterBoard(context.PauseAt, FlushHistory);
        _flushTimer = context.TimeProvider.CreateTimer(_ => FlushHistory(), null, HistoryFlushInterval, HistoryFlushInterval);
    }

    public string Name { get; }

    public WorkerCounters Counters => Board.Snapshot();

    public Task Completion => CompletionSource.Task;

    /// <summary>The worker's ledger stream.</summary>
    protected HistoryWriter History { get; }

    protected CounterBoard Board { get; }

    protected TaskCompletionSource CompletionSource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The worker's loop, started by the derived class.</summary>
    protected Task Loop { get; set; } = Task.CompletedTask;

    /// <summary>Killed: a killed process records nothing more.</summary>
    protected bool Killed => _killed;

    /// <summary>Killed or stopped (or being so).</summary>
    protected bool Closed => _closed;

    /// <summary>Whether disposal may stop gracefully; otherwise it kills. Default: the loop has ended.</summary>
    protected virtual bool Finished => Loop.IsCompleted;

    public Task WaitPausedAsync(CancellationToken cancellationToken) => Board.Paused.WaitAsync(cancellationToken);

    public Task ResumeAsync(CancellationToken cancellationToken)
    {
        Board.Resume();
        return Task.CompletedTask;
    }

    public async Task KillAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            if (_closed) return;
            _closed = true;
            _killed = true;
        }
        await AbandonClientAsync().ConfigureAwait(false);
        await CloseLedgerAsync("was killed").ConfigureAwait(false);
        CompletionSource.TrySetResult();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            if (_closed) return;
            _closed = true;
        }
        var failure = await CloseClientAsync().ConfigureAwait(false);
        await CloseLedgerAsync("stopped").ConfigureAwait(false);
        if (failure is not null) CompletionSource.TrySetException(failure.InnerExceptions);
        else CompletionSource.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (_closed) return;
        if (Finished) await StopAsync(CancellationToken.None).ConfigureAwait(false);
        else await KillAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Ends the loop and destroys the client without flushing or committing, as a SIGKILL would; then its stores.</summary>
    protected abstract Task AbandonClientAsync();

    /// <summary>Ends the loop and closes the client gracefully, then its stores; returns the loop's failure, if it is to be reported.</summary>
    protected abstract Task<AggregateException?> CloseClientAsync();

    protected void FlushHistory()
    {
        try
        {
            History.Flush();
        }
        catch (ObjectDisposedException)
        {
            // Closed: nothing left to flush.
        }
    }

    protected static async Task AwaitQuietlyAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported through Completion.
        }
    }

    private async Task CloseLedgerAsync(string why)
    {
        await _flushTimer.DisposeAsync().ConfigureAwait(false);
        History.Dispose();
        Board.EndedBeforeGate(why);
    }
}
