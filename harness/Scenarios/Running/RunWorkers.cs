using KafkaChaos.Cluster;
using KafkaChaos.Workload;

namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// The producers and consumers of one scenario run: started with their pause gates, restarted after a planned crash,
/// drained, and judged (a worker that died or ended on its own, outside the schedule, is a hole in the evidence).
/// </summary>
internal sealed class RunWorkers(Scenario scenario, ClientSettings clients, RunnerOptions options, string topic, string historyDirectory, TextWriter log)
{
    private readonly List<(ProducerProfile Profile, int Index)> _producerProfiles = [];
    private readonly HashSet<IWorker> _plannedEnds = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _problems = [];
    private int _nextProducerIndex;

    /// <summary>Every producer started, extra ones (oversized messages) included.</summary>
    public List<IWorker> Producers { get; } = [];

    /// <summary>Every consumer started, restarts included.</summary>
    public List<IWorker> Consumers { get; } = [];

    /// <summary>The consumer workers by index.</summary>
    public List<ConsumerSlot> Slots { get; } = [];

    /// <summary>Workers that died or ended on their own, outside the schedule (known after <see cref="DrainAsync"/>).</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Marks a worker whose end the schedule caused (a crash, a stop before an offset reset).</summary>
    public void PlanEnd(IWorker worker) => _plannedEnds.Add(worker);

    /// <summary>Starts the consumers, then the producers, each with its pause gate.</summary>
    public async Task StartAsync(IReadOnlyDictionary<(string Role, int Index), WorkerPause> gates, CancellationToken cancellationToken)
    {
        foreach (var (profile, index) in ConsumerWorkers())
        {
            var slot = new ConsumerSlot(profile, index);
            Slots.Add(slot);
            slot.Current = await Workload.Workers.StartConsumerAsync(profile, Context(index, gates.GetValueOrDefault(("consumer", index))), cancellationToken);
            Consumers.Add(slot.Current);
        }
        foreach (var profile in scenario.Producers)
        {
            for (var i = 0; i < profile.Count; i++)
            {
                var index = _nextProducerIndex++;
                _producerProfiles.Add((profile, index));
                Producers.Add(await Workload.Workers.StartProducerAsync(profile, Context(index, gates.GetValueOrDefault(("producer", index))), cancellationToken));
            }
        }
    }

    /// <summary>Starts one more producer (after the scenario's own), e.g. to send oversized messages.</summary>
    public async Task<IWorker> StartExtraProducerAsync(ProducerProfile profile, CancellationToken cancellationToken)
    {
        var worker = await Workload.Workers.StartProducerAsync(profile, Context(_nextProducerIndex++, null), cancellationToken);
        Producers.Add(worker);
        return worker;
    }

    /// <summary>Starts a fresh consumer in a slot whose worker was crashed or stopped.</summary>
    public async Task RestartConsumerAsync(ConsumerSlot slot, CancellationToken cancellationToken)
    {
        slot.Current = await Workload.Workers.StartConsumerAsync(slot.Profile, Context(slot.Index, null), cancellationToken);
        Consumers.Add(slot.Current);
        log.WriteLine($"restarted consumer {slot.Index} in group {slot.Profile.Group}");
    }

    /// <summary>Every consumer worker of the scenario, with its index across profiles.</summary>
    public IEnumerable<(ConsumerProfile Profile, int Index)> ConsumerWorkers()
    {
        var index = 0;
        foreach (var profile in scenario.Consumers)
            for (var i = 0; i < profile.Count; i++)
                yield return (profile, index++);
    }

    /// <summary>The consumer slot a target means.</summary>
    public ConsumerSlot SlotFor(FaultTarget target) => Slots[ConsumerIndex(target)];

    /// <summary>The consumer worker a target means: <c>consumer: N</c>, the first worker of <c>group: G</c>, else worker 0.</summary>
    public int ConsumerIndex(FaultTarget target) => target.Kind switch
    {
        TargetKind.Consumer => target.Index ?? 0,
        TargetKind.Group => ConsumerWorkers().First(w => w.Profile.Group == target.Group).Index,
        _ => 0,
    };

    /// <summary>
    /// The pause gate of each worker: the first counting trigger that targets it. A worker has one gate, so a
    /// second counting trigger on the same worker is polled instead (documented as less exact).
    /// </summary>
    public Dictionary<(string Role, int Index), WorkerPause> PauseGates()
    {
        var gates = new Dictionary<(string, int), WorkerPause>();
        foreach (var fault in scenario.Faults)
        {
            if (GateFor(fault.At, fault.Target) is not { } gate) continue;
            gates.TryAdd(gate.Worker, gate.Pause);
        }
        return gates;
    }

    /// <summary>The worker and counter a counting trigger waits on; null for the other triggers.</summary>
    public ((string Role, int Index) Worker, WorkerPause Pause)? GateFor(Trigger trigger, FaultTarget target)
    {
        var producer = target.Kind == TargetKind.Producer ? target.Index ?? 0 : 0;
        var consumer = ConsumerIndex(target);
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

    /// <summary>The worker a gate belongs to.</summary>
    public IWorker Gated((string Role, int Index) key) => key.Role == "producer" ? Producers[key.Index] : Slots[key.Index].Current!;

    /// <summary>
    /// Lets the producers finish (or stops them after the drain time), replays dead letters, waits for every group
    /// to catch up, records the workers that ended outside the schedule, and stops the consumers.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var drain = TimeSpan.FromMilliseconds(scenario.Phases.DrainMs);
        foreach (var producer in Producers.Where(p => !p.Completion.IsCompleted))
        {
            await Task.WhenAny(producer.Completion, Task.Delay(drain, cancellationToken));
            if (!producer.Completion.IsCompleted) await producer.StopAsync(cancellationToken);
        }
        foreach (var (profile, index) in _producerProfiles.Where(p => p.Profile.SendMode == SendMode.DeadLetter))
        {
            // The replay reads the dead letters that producer parked (its index names its store).
            // A replay job retries what fails again for as long as healing may take (an ISR can shrink late, after the heal).
            var replay = await Workload.Workers.ReplayDeadLettersAsync(profile, Context(index, null), TimeSpan.FromMilliseconds(scenario.Phases.HealTimeoutMs), cancellationToken);
            log.WriteLine($"dead-letter replay: {replay.Replayed} replayed in {replay.Rounds} round(s), {replay.Acked} acknowledged, {replay.StillFailed} still failing");
        }
        foreach (var group in Slots.Select(s => s.Profile.Group).Distinct())
        {
            var caughtUp = await ConsumerGroupOffsets.WaitCaughtUpAsync(clients, group, topic, scenario.Topic.Partitions, drain, options.TimeProvider, cancellationToken);
            if (!caughtUp) log.WriteLine($"drain: group {group} did not catch up within {drain.TotalSeconds:0.#}s");
        }
        // A worker that failed or ended on its own (not stopped, not crashed by the schedule) leaves a hole in the evidence.
        foreach (var worker in Producers.Where(w => w.Completion.IsFaulted && !_plannedEnds.Contains(w)))
            _problems.Add($"{worker.Name} failed: {worker.Completion.Exception?.InnerException?.Message}");
        foreach (var worker in Consumers.Where(w => w.Completion.IsCompleted && !_plannedEnds.Contains(w)))
            _problems.Add(worker.Completion.IsFaulted
                ? $"{worker.Name} failed: {worker.Completion.Exception?.InnerException?.Message}"
                : $"{worker.Name} ended before the harness stopped it");
        foreach (var slot in Slots.Where(s => s.Current is not null))
            await slot.Current!.StopAsync(cancellationToken);
    }

    /// <summary>Kills every worker still running, whatever state the run is in.</summary>
    public async Task DisposeAllAsync()
    {
        foreach (var worker in Producers.Concat(Consumers))
        {
            try
            {
                await worker.DisposeAsync();
            }
            catch (Exception ex)
            {
                log.WriteLine($"cleanup: {worker.Name}: {ex.Message}");
            }
        }
    }

    private WorkerContext Context(int index, WorkerPause? pause) =>
        new(clients, topic, historyDirectory, index, options.TimeProvider, unchecked((int)scenario.Seed) ^ index) { PauseAt = pause };
}
