namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// One fault of a run's nemesis schedule: its inject/heal pair and when each happened. Heal runs at most once,
/// whatever path asks for it (its trigger, the heal phase, cleanup), and only after an injection started.
/// </summary>
internal sealed class ScheduledFault(FaultSpec spec, Func<CancellationToken, Task> inject, Func<CancellationToken, Task> heal, Func<string> describe)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource _injected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _healed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _injectStarted;

    public FaultSpec Spec { get; } = spec;
    public string Name => Spec.Name;

    /// <summary>Completes when the injection finished (faults when it failed).</summary>
    public Task Injected => _injected.Task;

    /// <summary>Completes when the heal finished.</summary>
    public Task Healed => _healed.Task;

    public long? InjectedAtMs { get; private set; }
    public long? HealedAtMs { get; private set; }
    public bool IsActive => _injected.Task.IsCompletedSuccessfully && !_healed.Task.IsCompleted;
    public string Description => describe();

    public async Task InjectAsync(long nowMs, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_injectStarted) return;
            _injectStarted = true;
            try
            {
                await inject(cancellationToken);
                InjectedAtMs = nowMs;
                _injected.TrySetResult();
            }
            catch (Exception ex)
            {
                _injected.TrySetException(ex);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Heals if injected (or partly injected) and not yet healed; a fault never injected is marked healed as is.</summary>
    public async Task HealAsync(Func<long> nowMs, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_healed.Task.IsCompleted) return;
            if (_injectStarted) await heal(cancellationToken);
            HealedAtMs = _injectStarted ? nowMs() : null;
            _injected.TrySetCanceled(CancellationToken.None);
            _healed.TrySetResult();
        }
        finally
        {
            _gate.Release();
        }
    }
}
