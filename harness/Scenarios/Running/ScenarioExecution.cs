using System.Diagnostics;
using KafkaChaos.Checkers;
using KafkaChaos.Cluster;
using KafkaChaos.Faults;
using KafkaChaos.History;
using KafkaChaos.Reports;
using KafkaChaos.Workload;

namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// One run of one scenario on a running cluster, in phases: fault window (workers + nemesis schedule) → heal →
/// drain → final read → check. Counting triggers are pause gates in the workers, so a fault lands after exactly
/// N operations every run. Owns its workers and faults: <see cref="CleanupAsync"/> kills and heals them on every path.
/// </summary>
internal sealed class ScenarioExecution
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan FinalReadTimeout = TimeSpan.FromSeconds(60);

    private readonly Scenario _scenario;
    private readonly KafkaCluster _cluster;
    private readonly RunnerOptions _options;
    private readonly string _topic;
    private readonly string _historyDirectory;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<IWorker> _producers = [];
    private readonly List<(ProducerProfile Profile, int Index)> _producerProfiles = [];
    private readonly List<IWorker> _consumers = [];
    private readonly List<ConsumerSlot> _consumerSlots = [];
    private readonly List<ScheduledFault> _faults = [];
    private readonly List<LeaderChange> _leaderChanges = [];
    private readonly Dictionary<string, long> _phaseDurations = [];
    private readonly TaskCompletionSource _healPhase = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FaultContext _faultContext;
    private readonly TextWriter _log;
    private readonly ClientSettings _clients;
    private int _nextProducerIndex;
    private string _phase = "start";
    private bool _unhealedDamage;
    private long _lastAcked;

    /// <param name="log">The scenario's log: harness lines and every client's librdkafka lines (thread-safe).</param>
    public ScenarioExecution(Scenario scenario, KafkaCluster cluster, RunnerOptions options, string topic, string historyDirectory, TextWriter log)
    {
        _log = log;
        _clients = cluster.Clients with { Log = log };
        _scenario = scenario;
        _cluster = cluster;
        _options = options;
        _topic = topic;
        _historyDirectory = historyDirectory;
        _faultContext = new FaultContext(cluster, topic, log);
    }

    private long NowMs => _clock.ElapsedMilliseconds;

    public async Task<ScenarioOutcome> ExecuteAsync(ScenarioOutcome outcome, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_historyDirectory);
        var topicConfigs = new Dictionary<string, string>(_scenario.Topic.Overrides)
        {
            ["min.insync.replicas"] = _scenario.Cluster.MinInsyncReplicas.ToString(),
            ["unclean.leader.election.enable"] = _scenario.Cluster.UncleanLeaderElection ? "true" : "false",
        };
        await _cluster.CreateTopicAsync(new Cluster.TopicSpec(_topic)
        {
            Partitions = _scenario.Topic.Partitions,
            ReplicationFactor = _scenario.Cluster.ReplicationFactor,
            Configs = topicConfigs,
        }, cancellationToken);

        await using var nemesisLog = HistoryWriter.Create(_historyDirectory, "nemesis", _options.TimeProvider);
        foreach (var spec in _scenario.Faults) _faults.Add(CreateFault(spec, nemesisLog));

        if (_scenario.Phases.WarmupMs > 0)
        {
            Phase("warmup");
            await Task.Delay(_scenario.Phases.WarmupMs, cancellationToken);
        }

        // ---- fault window
        Phase("faultWindow");
        var gates = PauseGates();
        var windowStart = NowMs;
        // Faults "at start" are in place before the first send: no record may slip past them.
        foreach (var fault in _faults.Where(f => f.Spec.At.Kind == TriggerKind.AtStart))
            await InjectAsync(fault, nemesisLog, cancellationToken);
        foreach (var (profile, index) in ConsumerWorkers())
        {
            var slot = new ConsumerSlot(profile, index);
            _consumerSlots.Add(slot);
            slot.Current = await Workers.StartConsumerAsync(profile, Context(index, gates.GetValueOrDefault(("consumer", index))), cancellationToken);
            _consumers.Add(slot.Current);
        }
        foreach (var profile in _scenario.Producers)
        {
            for (var i = 0; i < profile.Count; i++)
            {
                var index = _nextProducerIndex++;
                _producerProfiles.Add((profile, index));
                _producers.Add(await Workers.StartProducerAsync(profile, Context(index, gates.GetValueOrDefault(("producer", index))), cancellationToken));
            }
        }

        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scheduled = _faults.Select(f => RunFaultAsync(f, gates, windowStart, nemesisLog, window.Token)).ToList();
        var leaderWatch = WatchLeadersAsync(window.Token);
        var ticker = TickAsync(window.Token);

        var windowDone = Task.WhenAll(Task.WhenAll(_producers.Select(p => p.Completion)), Task.WhenAll(_faults.Select(f => f.Injected.ContinueWith(_ => { }, TaskScheduler.Default))));
        await Task.WhenAny(windowDone, Task.Delay(_scenario.Phases.FaultWindowMs, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        _phaseDurations["faultWindow"] = NowMs - windowStart;

        // ---- heal
        Phase("heal");
        var healStart = NowMs;
        _healPhase.TrySetResult();
        using (var healDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            healDeadline.CancelAfter(_scenario.Phases.HealTimeoutMs);
            foreach (var fault in _faults.Where(f => f.Spec.Heal.Kind != TriggerKind.Never).Reverse())
                await HealAsync(fault, nemesisLog, healDeadline.Token);
            await window.CancelAsync();
            await Task.WhenAll(scheduled.Append(leaderWatch).Append(ticker).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            try
            {
                await ClusterHealth.WaitHealthyAsync(_faultContext, TimeSpan.FromMilliseconds(_scenario.Phases.HealTimeoutMs), cancellationToken);
            }
            catch (TimeoutException ex)
            {
                // Some claims leave damage that healing cannot undo (B9: a record no follower can fetch keeps the ISR
                // short). The evidence is still in the log: read and judge it; cleanup restarts the cluster afterwards.
                _log.WriteLine($"heal: {ex.Message}");
                _unhealedDamage = true;
            }
        }
        _phaseDurations["heal"] = NowMs - healStart;

        // ---- drain
        Phase("drain");
        var drainStart = NowMs;
        await DrainAsync(cancellationToken);
        _phaseDurations["drain"] = NowMs - drainStart;

        // ---- final read
        Phase("finalRead");
        var readStart = NowMs;
        var finalRead = await FinalReader.ReadAsync(_clients, _topic, _scenario.Topic.Partitions, FinalReadTimeout, cancellationToken);
        await FinalReadFile.SaveAsync(finalRead, Path.Combine(_historyDirectory, FinalReadFile.FileName), cancellationToken);
        _phaseDurations["finalRead"] = NowMs - readStart;

        // Faults that were never to heal during the run are healed now, after the evidence is in.
        foreach (var fault in _faults) await HealAsync(fault, nemesisLog, cancellationToken);

        // ---- check
        Phase("check");
        var checkStart = NowMs;
        await nemesisLog.FlushAsync(cancellationToken);
        var history = await RunHistory.LoadAsync(_historyDirectory, cancellationToken);
        var result = HistoryChecker.Check(history, finalRead, new CheckOptions { ConsumptionExpected = _consumerSlots.Count > 0 });
        var version = KafkaVersion.Parse(_cluster.KafkaVersion.ToString());
        var findingsByKind = result.Findings.ToDictionary(f => CamelCase(f.Kind.ToString()), f => f.Count);
        var verdict = _scenario.Evaluate(result.Counts, result.FailuresByErrorCode, version, findingsByKind);
        _phaseDurations["check"] = NowMs - checkStart;
        Phase("done");

        var windowSeconds = Math.Max(0.001, _phaseDurations["faultWindow"] / 1000.0);
        return (outcome with
        {
            Counts = result.Counts,
            FailuresByError = result.FailuresByErrorCode,
            Findings = result.Findings.Where(f => f.IsAnomaly || f.Count > 0).Select(ToReportFinding).ToList(),
            ThroughputPerSecond = result.Counts.Acked / windowSeconds,
            PhaseDurationsMs = new Dictionary<string, long>(_phaseDurations),
            Timeline = BuildTimeline(result, windowStart),
            Settings = outcome.Settings with { Broker = BrokerSettings(outcome.Settings.Broker) },
        }).WithVerdict(verdict);
    }

    /// <summary>Kills every worker and heals every fault, whatever state the run is in. False when the cluster may be unhealthy.</summary>
    public async Task<bool> CleanupAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var worker in _producers.Concat(_consumers))
        {
            try
            {
                await worker.DisposeAsync();
            }
            catch (Exception ex)
            {
                _log.WriteLine($"cleanup: {worker.Name}: {ex.Message}");
            }
        }
        var healthy = true;
        foreach (var fault in Enumerable.Reverse(_faults))
        {
            try
            {
                await fault.HealAsync(() => NowMs, deadline.Token);
            }
            catch (Exception ex)
            {
                healthy = false;
                _log.WriteLine($"cleanup: healing {fault.Name} failed: {ex.Message}");
            }
        }
        if (_unhealedDamage) return false; // known not to recover: a fresh cluster is quicker than waiting
        try
        {
            await _cluster.Faults.ResetAsync(deadline.Token);
            await ClusterHealth.WaitHealthyAsync(_faultContext, TimeSpan.FromSeconds(45), deadline.Token);
        }
        catch (Exception ex)
        {
            healthy = false;
            _log.WriteLine($"cleanup: cluster not healthy after {_scenario.Name}: {ex.Message}");
        }
        return healthy;
    }

    // ---- workers -------------------------------------------------------------------------------

    private WorkerContext Context(int index, WorkerPause? pause) =>
        new(_clients, _topic, _historyDirectory, index, _options.TimeProvider, unchecked((int)_scenario.Seed) ^ index) { PauseAt = pause };

    private IEnumerable<(ConsumerProfile Profile, int Index)> ConsumerWorkers()
    {
        var index = 0;
        foreach (var profile in _scenario.Consumers)
            for (var i = 0; i < profile.Count; i++)
                yield return (profile, index++);
    }

    /// <summary>
    /// The pause gate of each worker: the first counting trigger that targets it. A worker has one gate, so a
    /// second counting trigger on the same worker is polled instead (documented as less exact).
    /// </summary>
    private Dictionary<(string Role, int Index), WorkerPause> PauseGates()
    {
        var gates = new Dictionary<(string, int), WorkerPause>();
        foreach (var fault in _scenario.Faults)
        {
            if (GateFor(fault.At, fault.Target) is not { } gate) continue;
            gates.TryAdd(gate.Worker, gate.Pause);
        }
        return gates;
    }

    private static ((string Role, int Index) Worker, WorkerPause Pause)? GateFor(Trigger trigger, FaultTarget target)
    {
        var producer = target.Kind == TargetKind.Producer ? target.Index ?? 0 : 0;
        var consumer = target.Kind == TargetKind.Consumer ? target.Index ?? 0 : 0;
        return trigger.Kind switch
        {
            TriggerKind.AfterAcks => (("producer", producer), new WorkerPause(WorkerCounter.Acked, trigger.Count)),
            TriggerKind.AfterSends => (("producer", producer), new WorkerPause(WorkerCounter.Sent, trigger.Count)),
            TriggerKind.AfterPolls => (("consumer", consumer), new WorkerPause(WorkerCounter.Polled, trigger.Count)),
            TriggerKind.AfterProcessed or TriggerKind.WhenProcessingAheadOfCommit => (("consumer", consumer), new WorkerPause(WorkerCounter.Processed, trigger.Count)),
            // Freeze the consumer right after k polls, before it processes them: a background auto commit can then
            // only move the committed offset ahead of processing, which the trigger then waits for.
            TriggerKind.WhenCommitAheadOfProcessing => (("consumer", consumer), new WorkerPause(WorkerCounter.Polled, trigger.Count)),
            TriggerKind.AfterCommits => (("consumer", consumer), new WorkerPause(WorkerCounter.Committed, trigger.Count)),
            _ => null,
        };
    }

    private IWorker GatedWorker((string Role, int Index) key) =>
        key.Role == "producer" ? _producers[key.Index] : _consumerSlots[key.Index].Current!;

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var drain = TimeSpan.FromMilliseconds(_scenario.Phases.DrainMs);
        foreach (var producer in _producers.Where(p => !p.Completion.IsCompleted))
        {
            await Task.WhenAny(producer.Completion, Task.Delay(drain, cancellationToken));
            if (!producer.Completion.IsCompleted) await producer.StopAsync(cancellationToken);
        }
        foreach (var (profile, index) in _producerProfiles.Where(p => p.Profile.SendMode == SendMode.DeadLetter))
        {
            // The replay reads the dead letters that producer parked (its index names its store).
            // A replay job retries what fails again for as long as healing may take (an ISR can shrink late, after the heal).
            var replay = await Workers.ReplayDeadLettersAsync(profile, Context(index, null), TimeSpan.FromMilliseconds(_scenario.Phases.HealTimeoutMs), cancellationToken);
            _log.WriteLine($"dead-letter replay: {replay.Replayed} replayed in {replay.Rounds} round(s), {replay.Acked} acknowledged, {replay.StillFailed} still failing");
        }
        foreach (var group in _consumerSlots.Select(s => s.Profile.Group).Distinct())
        {
            var caughtUp = await ConsumerGroupOffsets.WaitCaughtUpAsync(_clients, group, _topic, _scenario.Topic.Partitions, drain, _options.TimeProvider, cancellationToken);
            if (!caughtUp) _log.WriteLine($"drain: group {group} did not catch up within {drain.TotalSeconds:0.#}s");
        }
        foreach (var slot in _consumerSlots.Where(s => s.Current is not null))
            await slot.Current!.StopAsync(cancellationToken);
    }

    // ---- nemesis ------------------------------------------------------------------------------

    private ScheduledFault CreateFault(FaultSpec spec, HistoryWriter nemesisLog)
    {
        if (Nemesis.Supported.Contains(spec.Fault))
        {
            var fault = Nemesis.Create(spec);
            return new ScheduledFault(spec, ct => fault.InjectAsync(_faultContext, ct), ct => fault.HealAsync(_faultContext, ct), fault.Describe);
        }
        return spec.Fault switch
        {
            FaultKind.ConsumerCrash => WorkerFault(spec, () => ConsumerSlotFor(spec.Target).Current!,
                heal: async ct => await RestartConsumerAsync(ConsumerSlotFor(spec.Target), ct)),
            FaultKind.ProducerCrash => WorkerFault(spec, () => _producers[spec.Target.Index ?? 0], heal: _ => Task.CompletedTask),
            FaultKind.OversizedMessages => OversizedMessages(spec),
            FaultKind.OffsetReset => OffsetReset(spec),
            _ => throw new NotSupportedException($"Fault {spec.Fault} is not supported by this runner."),
        };
    }

    private ScheduledFault WorkerFault(FaultSpec spec, Func<IWorker> target, Func<CancellationToken, Task> heal)
    {
        string? killed = null;
        return new ScheduledFault(spec,
            async ct =>
            {
                var worker = target();
                killed = worker.Name;
                await worker.KillAsync(ct);
                _log.WriteLine($"{spec.Name}: SIGKILLed {worker.Name} ({worker.Counters})");
            },
            heal,
            () => $"{ScenarioKeys.EnumText(spec.Fault)}: killed {killed ?? "(not yet)"}");
    }

    private ConsumerSlot ConsumerSlotFor(FaultTarget target) => _consumerSlots[target.Kind == TargetKind.Consumer ? target.Index ?? 0 : 0];

    private async Task RestartConsumerAsync(ConsumerSlot slot, CancellationToken cancellationToken)
    {
        slot.Current = await Workers.StartConsumerAsync(slot.Profile, Context(slot.Index, null), cancellationToken);
        _consumers.Add(slot.Current);
        _log.WriteLine($"restarted consumer {slot.Index} in group {slot.Profile.Group}");
    }

    private ScheduledFault OversizedMessages(FaultSpec spec)
    {
        var count = int.Parse(spec.Params.GetValueOrDefault("count", "1"));
        var bytes = int.Parse(spec.Params.GetValueOrDefault("bytes", "2000000"));
        var basis = _scenario.Producers[spec.Target.Kind == TargetKind.Producer ? spec.Target.Index ?? 0 : 0];
        return new ScheduledFault(spec,
            async ct =>
            {
                var profile = basis with { Count = 1, Messages = count, MessageBytes = bytes, RatePerSecond = 0 };
                var worker = await Workers.StartProducerAsync(profile, Context(_nextProducerIndex++, null), ct);
                _producers.Add(worker);
                _log.WriteLine($"{spec.Name}: {worker.Name} sends {count} message(s) of {bytes} bytes");
            },
            _ => Task.CompletedTask,
            () => $"oversizedMessages: {count} x {bytes} bytes");
    }

    private ScheduledFault OffsetReset(FaultSpec spec)
    {
        var group = spec.Target.Group ?? _scenario.Consumers.FirstOrDefault()?.Group
            ?? throw new InvalidOperationException($"{spec.Name}: offsetReset needs a consumer group.");
        return new ScheduledFault(spec,
            async ct =>
            {
                var slots = _consumerSlots.Where(s => s.Profile.Group == group).ToList();
                foreach (var slot in slots.Where(s => s.Current is { Completion.IsCompleted: false }))
                    await slot.Current!.StopAsync(ct);
                await WaitUntilAsync(async token =>
                {
                    try
                    {
                        await ConsumerGroupOffsets.RewindToBeginningAsync(_clients, group, _topic, _scenario.Topic.Partitions, token);
                        return true;
                    }
                    catch (Confluent.Kafka.KafkaException)
                    {
                        return false; // members of a killed consumer not yet expired
                    }
                }, TimeSpan.FromSeconds(60), ct);
                foreach (var slot in slots) await RestartConsumerAsync(slot, ct);
                _log.WriteLine($"{spec.Name}: group {group} rewound to the beginning");
            },
            _ => Task.CompletedTask,
            () => $"offsetReset: group {group} to the beginning");
    }

    private async Task RunFaultAsync(ScheduledFault fault, IReadOnlyDictionary<(string, int), WorkerPause> gates, long windowStart, HistoryWriter nemesisLog, CancellationToken cancellationToken)
    {
        try
        {
            var gate = GateFor(fault.Spec.At, fault.Spec.Target);
            IWorker? paused = null;
            if (gate is { } g && gates.TryGetValue(g.Worker, out var pause) && pause == g.Pause)
            {
                paused = GatedWorker(g.Worker);
                await paused.WaitPausedAsync(cancellationToken);
                if (fault.Spec.At.Kind == TriggerKind.WhenCommitAheadOfProcessing)
                    await WaitForTriggerAsync(fault.Spec.At, fault.Spec.Target, windowStart, cancellationToken);
            }
            else
            {
                await WaitForTriggerAsync(fault.Spec.At, fault.Spec.Target, windowStart, cancellationToken);
            }

            try
            {
                if (fault.Spec.At.Kind != TriggerKind.AtStart) await InjectAsync(fault, nemesisLog, cancellationToken);
            }
            finally
            {
                if (paused is not null && fault.Spec.Fault is not (FaultKind.ConsumerCrash or FaultKind.ProducerCrash))
                    await paused.ResumeAsync(cancellationToken);
            }

            var injectedAt = NowMs;
            if (fault.Spec.Heal.Kind is TriggerKind.AtHealPhase or TriggerKind.Never) return;
            await WaitForTriggerAsync(fault.Spec.Heal, fault.Spec.Target, injectedAt, cancellationToken);
            await HealAsync(fault, nemesisLog, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The window closed first: the heal phase or cleanup takes over.
        }
        catch (Exception ex)
        {
            _log.WriteLine($"fault {fault.Name} failed: {ex.Message}");
            throw;
        }
    }

    private async Task InjectAsync(ScheduledFault fault, HistoryWriter nemesisLog, CancellationToken cancellationToken)
    {
        await fault.InjectAsync(NowMs, cancellationToken);
        nemesisLog.RecordFault(fault.Name, FaultPhase.Started, fault.Description);
        _log.WriteLine($"+{NowMs}ms injected {fault.Description}");
    }

    private async Task HealAsync(ScheduledFault fault, HistoryWriter nemesisLog, CancellationToken cancellationToken)
    {
        var wasActive = fault.IsActive;
        await fault.HealAsync(() => NowMs, cancellationToken);
        if (wasActive)
        {
            nemesisLog.RecordFault(fault.Name, FaultPhase.Healed, fault.Description);
            _log.WriteLine($"+{NowMs}ms healed {fault.Name}");
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
                var remaining = fromMs + trigger.Count - NowMs;
                if (remaining > 0) await Task.Delay(TimeSpan.FromMilliseconds(remaining), cancellationToken);
                return;
            case TriggerKind.AfterFault:
                await Other(trigger).Healed.WaitAsync(cancellationToken);
                return;
            case TriggerKind.AfterInjected:
                await Other(trigger).Injected.WaitAsync(cancellationToken);
                return;
            case TriggerKind.WhenIsrShrinksTo:
                await _cluster.WaitForPartitionAsync(_topic, target.Partition, s => s.Isr.Count <= trigger.Count,
                    $"{_topic}-{target.Partition} ISR down to {trigger.Count}", Timeout.InfiniteTimeSpan, cancellationToken);
                return;
            case TriggerKind.WhenCommitAheadOfProcessing:
                await WaitUntilAsync(_ => Task.FromResult(ConsumerSlotFor(target).Current?.Counters.CommittedOffsetLead >= trigger.Count), Timeout.InfiniteTimeSpan, cancellationToken);
                return;
            default:
                // A counting trigger whose worker's single gate is taken by another fault: poll its counter.
                var counted = GateFor(trigger, target) ?? throw new NotSupportedException($"Trigger {trigger} is not supported.");
                await WaitUntilAsync(_ => Task.FromResult(GatedWorker(counted.Worker).Counters.Get(counted.Pause.Counter) >= counted.Pause.Count), Timeout.InfiniteTimeSpan, cancellationToken);
                return;
        }
    }

    private ScheduledFault Other(Trigger trigger) => _faults.Single(f => f.Name == trigger.FaultName);

    private static async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan) deadline.CancelAfter(timeout);
        while (!await condition(deadline.Token))
            await Task.Delay(PollInterval, deadline.Token);
    }

    // ---- observation --------------------------------------------------------------------------

    private async Task WatchLeadersAsync(CancellationToken cancellationToken)
    {
        var leaders = new Dictionary<int, int>();
        while (!cancellationToken.IsCancellationRequested)
        {
            for (var p = 0; p < _scenario.Topic.Partitions; p++)
            {
                try
                {
                    var state = await _cluster.GetPartitionAsync(_topic, p, cancellationToken);
                    if (leaders.TryGetValue(p, out var old) && old != state.Leader)
                        _leaderChanges.Add(new LeaderChange(NowMs, p, old < 0 ? null : old, state.Leader < 0 ? null : state.Leader));
                    leaders[p] = state.Leader;
                }
                catch (Exception ex) when (ex is MetadataUnavailableException or InvalidOperationException)
                {
                    // A fault may hide the state for a moment; the next poll tries again.
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            Report();
        }
    }

    private void Phase(string phase)
    {
        _phase = phase;
        Report();
    }

    private void Report()
    {
        if (_options.Progress is null) return;
        var counters = _producers.Select(p => p.Counters).ToList();
        var acked = counters.Sum(c => c.Acked);
        var errors = counters.Sum(c => c.Failed + c.Indeterminate);
        _options.Progress(new RunProgress(_scenario.Name, _phase, NowMs, acked, acked - _lastAcked, errors,
            _faults.Where(f => f.IsActive).Select(f => f.Name).ToList()));
        _lastAcked = acked;
    }

    private Timeline BuildTimeline(CheckResult result, long windowStartMs)
    {
        var series = result.Series;
        var points = Enumerable.Range(0, series.Length)
            .Select(s => new TimelinePoint(s, series.Acks[s], series.Failures[s] + series.Indeterminate[s])).ToList();
        // Series seconds count from the first ledger event, which is the window's start give or take the first send.
        return new Timeline
        {
            Points = points,
            FaultWindows = _faults.Where(f => f.InjectedAtMs is not null)
                .Select(f => new FaultWindow(f.Name, f.InjectedAtMs!.Value - windowStartMs, f.HealedAtMs - windowStartMs)).ToList(),
            LeaderChanges = _leaderChanges.Select(c => c with { AtMs = c.AtMs - windowStartMs }).ToList(),
        };
    }

    private IReadOnlyDictionary<string, string> BrokerSettings(IReadOnlyDictionary<string, string> requested)
    {
        var settings = new Dictionary<string, string>(requested)
        {
            ["kafka.version"] = _cluster.KafkaVersion.ToString(),
            ["mode"] = _cluster.UsesKRaft ? "KRaft" : "ZooKeeper",
        };
        foreach (var (key, value) in _cluster.Tuning.Describe(_cluster.UsesKRaft)) settings[key] = value;
        if (_cluster.ProxySeed is { } seed) settings["proxy.seed"] = seed.ToString();
        return settings;
    }

    private static ReportFinding ToReportFinding(Finding finding) => ReportFinding.Create(
        CamelCase(finding.Kind.ToString()), finding.Count,
        finding.Examples.Select(e => $"{e.Id?.ToString() ?? "?"} p{string.Join('/', e.Partitions)} @{string.Join('/', e.Offsets)} {e.Detail}".Trim()),
        finding.Summary ?? finding.Description);

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private sealed class ConsumerSlot(ConsumerProfile profile, int index)
    {
        public ConsumerProfile Profile { get; } = profile;
        public int Index { get; } = index;
        public IWorker? Current { get; set; }
    }
}
