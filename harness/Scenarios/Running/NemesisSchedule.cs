using KafkaChaos.Cluster;
using KafkaChaos.Faults;
using KafkaChaos.History;
using KafkaChaos.Workload;

namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// The faults of one scenario run on their triggers: each waits for its moment (a worker's pause gate, a time, an ISR
/// size, another fault), is injected, and is healed at its own heal moment or in the heal phase. A fault that fails,
/// never reaches its trigger or fails to heal is recorded as the fault's failure (for the verdict), never thrown, so
/// the run goes on to collect its evidence. Every injection and heal is written to the nemesis's ledger stream.
/// </summary>
internal sealed class NemesisSchedule
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly Scenario _scenario;
    private readonly IKafkaCluster _cluster;
    private readonly FaultContext _context;
    private readonly RunWorkers _workers;
    private readonly string _topic;
    private readonly TextWriter _log;
    private readonly Func<long> _nowMs;
    private readonly HistoryWriter _ledger;
    private readonly List<ScheduledFault> _faults = [];
    private readonly TaskCompletionSource _healPhase = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="ledger">The nemesis's ledger stream: one record per injection and heal.</param>
    public NemesisSchedule(Scenario scenario, IKafkaCluster cluster, FaultContext context, RunWorkers workers, WorkerFaults workerFaults,
        string topic, TextWriter log, Func<long> nowMs, HistoryWriter ledger)
    {
        (_scenario, _cluster, _context, _workers, _topic, _log, _nowMs, _ledger) = (scenario, cluster, context, workers, topic, log, nowMs, ledger);
        foreach (var spec in scenario.Faults) _faults.Add(Nemesis.Supported.Contains(spec.Fault) ? BrokerFault(spec) : workerFaults.Create(spec));
    }

    /// <summary>The scheduled faults, in scenario order.</summary>
    public IReadOnlyList<ScheduledFault> Faults => _faults;

    /// <summary>Injects the faults due when the window opens, before the first send: no record may slip past them.</summary>
    public async Task InjectAtStartAsync(CancellationToken cancellationToken)
    {
        foreach (var fault in _faults.Where(f => f.Spec.At.Kind == TriggerKind.AtStart))
            await InjectOrFailAsync(fault, cancellationToken);
    }

    /// <summary>Runs every fault on its triggers until <paramref name="cancellationToken"/> (the window's end) fires.</summary>
    public IReadOnlyList<Task> Run(IReadOnlyDictionary<(string, int), WorkerPause> gates, long windowStart, CancellationToken cancellationToken) =>
        _faults.Select(f => RunFaultAsync(f, gates, windowStart, cancellationToken)).ToList();

    /// <summary>Opens the heal phase (faults healed "atHealPhase" go now) and heals, in reverse order, every fault not left for later.</summary>
    public async Task HealPhaseAsync(CancellationToken healToken, CancellationToken runToken)
    {
        _healPhase.TrySetResult();
        foreach (var fault in _faults.Where(f => f.Spec.Heal.Kind != TriggerKind.Never).Reverse())
            await HealOrFailAsync(fault, healToken, runToken);
    }

    /// <summary>Heals the faults that were never to heal during the run, once the evidence is in.</summary>
    public async Task HealRemainingAsync(CancellationToken cancellationToken)
    {
        foreach (var fault in _faults) await HealOrFailAsync(fault, cancellationToken, cancellationToken);
    }

    /// <summary>Heals every fault whatever state the run is in; false when one could not be healed.</summary>
    public async Task<bool> CleanupAsync(CancellationToken cancellationToken)
    {
        var healed = true;
        foreach (var fault in Enumerable.Reverse(_faults))
        {
            try
            {
                await fault.HealAsync(_nowMs, cancellationToken);
            }
            catch (Exception ex)
            {
                healed = false;
                _log.WriteLine($"cleanup: healing {fault.Name} failed: {ex.Message}");
            }
        }
        return healed;
    }

    private ScheduledFault BrokerFault(FaultSpec spec)
    {
        var fault = Nemesis.Create(spec);
        return new ScheduledFault(spec, ct => fault.InjectAsync(_context, ct), ct => fault.HealAsync(_context, ct), fault.Describe,
            fault is IToxicFault toxic ? ct => toxic.GetUsesAsync(_context, ct) : null);
    }

    private async Task RunFaultAsync(ScheduledFault fault, IReadOnlyDictionary<(string, int), WorkerPause> gates, long windowStart, CancellationToken cancellationToken)
    {
        try
        {
            var gate = _workers.GateFor(fault.Spec.At, fault.Spec.Target);
            IWorker? paused = null;
            if (gate is { } g && gates.TryGetValue(g.Worker, out var pause) && pause == g.Pause)
            {
                paused = _workers.Gated(g.Worker);
                await paused.WaitPausedAsync(cancellationToken);
                if (fault.Spec.At.Kind == TriggerKind.WhenCommitAheadOfProcessing)
                    await WaitForTriggerAsync(fault.Spec.At, fault.Spec.Target, windowStart, cancellationToken);
            }
            else
            {
                try
                {
                    await WaitForTriggerAsync(fault.Spec.At, fault.Spec.Target, windowStart, cancellationToken);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    fault.Fail($"its trigger ({fault.Spec.At}) can no longer fire: the fault it follows did not happen");
                    return;
                }
            }

            if (fault.Spec.AfterHealOf is { } previous) await WaitRecoveredAsync(fault, previous, cancellationToken);
            try
            {
                if (fault.Spec.At.Kind != TriggerKind.AtStart) await InjectOrFailAsync(fault, cancellationToken);
            }
            finally
            {
                if (paused is not null && fault.Spec.Fault is not (FaultKind.ConsumerCrash or FaultKind.ProducerCrash))
                    await paused.ResumeAsync(cancellationToken);
            }

            var injectedAt = _nowMs();
            if (fault.Spec.Heal.Kind is TriggerKind.AtHealPhase or TriggerKind.Never) return;
            try
            {
                await WaitForTriggerAsync(fault.Spec.Heal, fault.Spec.Target, injectedAt, cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return; // the fault its heal follows did not happen (that one is the error); the heal phase heals this one
            }
            try
            {
                await HealAsync(fault, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _log.WriteLine($"fault {fault.Name}: heal failed: {ex.Message}");
                fault.Fail($"heal failed: {ex.Message}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The window closed first: the heal phase or cleanup takes over. A fault still waiting for its trigger never happened.
            if (!fault.Injected.IsCompletedSuccessfully)
                fault.Fail(fault.Waiting ?? $"its trigger ({fault.Spec.At}) was not reached inside the fault window ({_scenario.Phases.FaultWindowMs} ms)");
        }
        catch (Exception ex)
        {
            _log.WriteLine($"fault {fault.Name} failed: {ex.Message}");
            fault.Fail(ex.Message);
        }
    }

    /// <summary>Waits until <paramref name="previous"/> has healed and the cluster has recovered from it (asking again every 30 s).</summary>
    private async Task WaitRecoveredAsync(ScheduledFault fault, string previous, CancellationToken cancellationToken)
    {
        fault.Waiting = $"it was still waiting for {previous} to heal when the fault window closed";
        await Named(previous).Healed.WaitAsync(cancellationToken);
        fault.Waiting = $"it was still waiting for the cluster to recover from {previous} when the fault window closed";
        while (true)
        {
            try
            {
                await ClusterHealth.WaitHealthyAsync(_context, TimeSpan.FromSeconds(30), cancellationToken);
                fault.Waiting = null;
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                fault.Waiting = $"the cluster had not recovered from {previous} when the fault window closed: {ex.Message}";
                _log.WriteLine($"fault {fault.Name}: {ex.Message}; waiting on");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>Injects; a failure is the fault's (recorded for the verdict), not the run's, so the run goes on to collect the evidence.</summary>
    private async Task InjectOrFailAsync(ScheduledFault fault, CancellationToken cancellationToken)
    {
        fault.PartitionBefore = await PartitionStateAsync(fault.Spec, cancellationToken);
        try
        {
            await fault.InjectAsync(_nowMs, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _log.WriteLine($"fault {fault.Name} failed: {ex.Message}");
            fault.Fail($"injection failed: {ex.Message}");
            return;
        }
        finally
        {
            fault.Brokers = _context.ResolvedBrokers.GetValueOrDefault(fault.Name, []);
        }
        _ledger.RecordFault(fault.Name, FaultPhase.Started, fault.Description);
        _log.WriteLine($"+{_nowMs()}ms injected {fault.Description}");
    }

    /// <summary>The leader and ISR of the fault's partition just before it acts (ZooKeeper stays reachable under every fault); null for worker faults or when unreadable.</summary>
    private async Task<(int, IReadOnlyList<int>)?> PartitionStateAsync(FaultSpec spec, CancellationToken cancellationToken)
    {
        if (!Nemesis.Supported.Contains(spec.Fault)) return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var state = await _cluster.GetPartitionAsync(_topic, spec.Target.Partition, deadline.Token);
            return (state.Leader, state.Isr);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _log.WriteLine($"{spec.Name}: partition state before injection unreadable: {ex.Message}");
            return null;
        }
    }

    /// <summary>Heals; a failure is recorded as the fault's (with its reason) and the heal phase goes on with the others.</summary>
    private async Task HealOrFailAsync(ScheduledFault fault, CancellationToken healToken, CancellationToken runToken)
    {
        try
        {
            await HealAsync(fault, healToken);
        }
        catch (Exception ex) when (!runToken.IsCancellationRequested)
        {
            _log.WriteLine($"fault {fault.Name}: heal failed: {ex.Message}");
            fault.Fail(ex is OperationCanceledException ? "its heal did not finish within the heal timeout" : $"heal failed: {ex.Message}");
        }
    }

    private async Task HealAsync(ScheduledFault fault, CancellationToken cancellationToken)
    {
        var wasActive = fault.IsActive;
        await fault.HealAsync(_nowMs, cancellationToken);
        if (wasActive)
        {
            _ledger.RecordFault(fault.Name, FaultPhase.Healed, fault.Description);
            _log.WriteLine($"+{_nowMs()}ms healed {fault.Name}");
        }
    }

    /// <summary>Waits for a trigger that is not a pause gate: time, ISR size, another fault, or a polled counter.</summary>
    private async Task WaitForTriggerAsync(Trigger trigger, FaultTarget target, long fromMs, CancellationToken cancellationToken)
    {
        switch (trigger.Kind)
        {
            case TriggerKind.AtStart:
                return;
            case TriggerKind.AtHealPhase:
                await _healPhase.Task.WaitAsync(cancellationToken);
                return;
            case TriggerKind.Never:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return;
            case TriggerKind.AfterMs:
                var remaining = fromMs + trigger.Count - _nowMs();
                if (remaining > 0) await Task.Delay(TimeSpan.FromMilliseconds(remaining), cancellationToken);
                return;
            case TriggerKind.AfterFault:
                await Named(trigger.FaultName!).Healed.WaitAsync(cancellationToken);
                return;
            case TriggerKind.AfterInjected:
                await Named(trigger.FaultName!).Injected.WaitAsync(cancellationToken);
                return;
            case TriggerKind.WhenIsrShrinksTo:
                await _cluster.WaitForPartitionAsync(_topic, target.Partition, s => s.Isr.Count <= trigger.Count,
                    $"{_topic}-{target.Partition} ISR down to {trigger.Count}", Timeout.InfiniteTimeSpan, cancellationToken);
                return;
            case TriggerKind.WhenCommitAheadOfProcessing:
                await WaitUntilAsync(() => _workers.SlotFor(target).Current?.Counters.CommittedOffsetLead >= trigger.Count, cancellationToken);
                return;
            default:
                // A counting trigger whose worker's single gate is taken by another fault: poll its counter.
                var counted = _workers.GateFor(trigger, target) ?? throw new NotSupportedException($"Trigger {trigger} is not supported.");
                await WaitUntilAsync(() => _workers.Gated(counted.Worker).Counters.Get(counted.Pause.Counter) >= counted.Pause.Count, cancellationToken);
                return;
        }
    }

    private ScheduledFault Named(string name) => _faults.Single(f => f.Name == name);

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition()) await Task.Delay(PollInterval, cancellationToken);
    }
}
