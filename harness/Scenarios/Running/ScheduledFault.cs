using KafkaChaos.Reports;

namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// One fault of a run's nemesis schedule: its inject/heal pair, when each happened, and the evidence that it did
/// (resolved brokers, the partition before it, its toxic's bites), or why it did not. Heal runs at most once, whatever
/// path asks for it (its trigger, the heal phase, cleanup), and only after an injection started.
/// </summary>
/// <param name="uses">For a Kafka toxic: reads how often it has bitten (read just before the heal removes it). Null otherwise.</param>
internal sealed class ScheduledFault(FaultSpec spec, Func<CancellationToken, Task> inject, Func<CancellationToken, Task> heal, Func<string> describe,
    Func<CancellationToken, Task<long>>? uses = null)
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

    /// <summary>Why the fault did not happen as scheduled (first reason wins); null while all is well.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>How often its toxic bit while present, read before the heal; null for other kinds or before the heal.</summary>
    public long? Uses { get; private set; }

    /// <summary>The brokers its target resolved to at injection.</summary>
    public IReadOnlyList<int> Brokers { get; set; } = [];

    /// <summary>The targeted partition's leader and ISR just before the injection; null when not read.</summary>
    public (int Leader, IReadOnlyList<int> Isr)? PartitionBefore { get; set; }

    /// <summary>What the fault waits for beyond its trigger (the previous fault's heal, the cluster's recovery); null when nothing.</summary>
    public string? Waiting { get; set; }

    /// <summary>Records why the fault did not happen as scheduled; the first reason is kept.</summary>
    public void Fail(string reason) => FailureReason ??= reason;

    public async Task InjectAsync(Func<long> nowMs, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_injectStarted || _healed.Task.IsCompleted) return; // once healed (the heal phase may come first), never injected
            _injectStarted = true;
            try
            {
                await inject(cancellationToken);
                InjectedAtMs = nowMs();
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

    /// <summary>
    /// Heals if injected (or partly injected) and not yet healed; a fault never injected is marked healed as is (failed
    /// with what it was <see cref="Waiting"/> for, if anything) and can no longer be injected.
    /// A Kafka toxic's bites are read first: one that must bite (<see cref="FaultKindInfo.MustBite"/>) and never did fails.
    /// </summary>
    public async Task HealAsync(Func<long> nowMs, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_healed.Task.IsCompleted) return;
            if (!_injectStarted && Waiting is { } waiting) Fail(waiting);
            if (uses is not null && _injected.Task.IsCompletedSuccessfully)
            {
                Uses = await uses(cancellationToken);
                if (Uses == 0 && FaultKinds.Of(Spec.Fault).MustBite)
                    Fail("its Kafka toxic never bit while present (uses 0): the protocol moment was not reached");
            }
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

    /// <summary>What report.json says about this fault once the run is over.</summary>
    public FaultEvidence Evidence()
    {
        var happened = _injected.Task.IsCompletedSuccessfully;
        var reason = FailureReason ?? (happened ? null : "it was never injected");
        return new FaultEvidence
        {
            Name = Name,
            Fault = ScenarioKeys.EnumText(Spec.Fault),
            Optional = Spec.Optional,
            Status = reason is null ? FaultEvidence.Happened : Spec.Optional ? FaultEvidence.Skipped : FaultEvidence.Failed,
            Reason = reason,
            InjectedAtMs = InjectedAtMs,
            HealedAtMs = HealedAtMs,
            Description = happened ? Description : null,
            Brokers = Brokers,
            Leader = PartitionBefore?.Leader,
            Isr = PartitionBefore?.Isr,
            Uses = Uses,
        };
    }
}
