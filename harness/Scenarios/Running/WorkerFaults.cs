using KafkaChaos.Cluster;
using KafkaChaos.Workload;

namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// The fault kinds the runner performs on its own workers rather than on brokers: consumer and producer crashes
/// (SIGKILL, the consumer restarted at the heal), oversized messages (an extra producer) and offset resets (the group
/// stopped, rewound and restarted).
/// </summary>
internal sealed class WorkerFaults(Scenario scenario, RunWorkers workers, ClientSettings clients, string topic, TextWriter log)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The kinds this class performs.</summary>
    public static IReadOnlyList<FaultKind> Kinds { get; } = [FaultKind.ConsumerCrash, FaultKind.ProducerCrash, FaultKind.OversizedMessages, FaultKind.OffsetReset];

    /// <summary>The inject/heal pair of a worker fault.</summary>
    public ScheduledFault Create(FaultSpec spec) => spec.Fault switch
    {
        FaultKind.ConsumerCrash => Crash(spec, () => workers.SlotFor(spec.Target).Current!, heal: ct => workers.RestartConsumerAsync(workers.SlotFor(spec.Target), ct)),
        FaultKind.ProducerCrash => Crash(spec, () => workers.Producers[spec.Target.Index ?? 0], heal: _ => Task.CompletedTask),
        FaultKind.OversizedMessages => OversizedMessages(spec),
        FaultKind.OffsetReset => OffsetReset(spec),
        _ => throw new NotSupportedException($"Fault {spec.Fault} is not supported by this runner."),
    };

    private ScheduledFault Crash(FaultSpec spec, Func<IWorker> target, Func<CancellationToken, Task> heal)
    {
        string? killed = null;
        return new ScheduledFault(spec,
            async ct =>
            {
                var worker = target();
                killed = worker.Name;
                workers.PlanEnd(worker);
                await worker.KillAsync(ct);
                log.WriteLine($"{spec.Name}: SIGKILLed {worker.Name} ({worker.Counters})");
            },
            heal,
            () => $"{ScenarioKeys.EnumText(spec.Fault)}: killed {killed ?? "(not yet)"}");
    }

    private ScheduledFault OversizedMessages(FaultSpec spec)
    {
        var count = int.Parse(spec.Params.GetValueOrDefault("count", "1"));
        var bytes = int.Parse(spec.Params.GetValueOrDefault("bytes", "2000000"));
        var basis = scenario.Producers[spec.Target.Kind == TargetKind.Producer ? spec.Target.Index ?? 0 : 0];
        return new ScheduledFault(spec,
            async ct =>
            {
                var worker = await workers.StartExtraProducerAsync(basis with { Count = 1, Messages = count, MessageBytes = bytes, RatePerSecond = 0 }, ct);
                log.WriteLine($"{spec.Name}: {worker.Name} sends {count} message(s) of {bytes} bytes");
            },
            _ => Task.CompletedTask,
            () => $"oversizedMessages: {count} x {bytes} bytes");
    }

    private ScheduledFault OffsetReset(FaultSpec spec)
    {
        var group = spec.Target.Group ?? scenario.Consumers.FirstOrDefault()?.Group
            ?? throw new InvalidOperationException($"{spec.Name}: offsetReset needs a consumer group.");
        return new ScheduledFault(spec,
            async ct =>
            {
                var slots = workers.Slots.Where(s => s.Profile.Group == group).ToList();
                foreach (var slot in slots.Where(s => s.Current is { Completion.IsCompleted: false }))
                {
                    workers.PlanEnd(slot.Current!);
                    await slot.Current!.StopAsync(ct);
                }
                await RewindAsync(group, ct);
                foreach (var slot in slots) await workers.RestartConsumerAsync(slot, ct);
                log.WriteLine($"{spec.Name}: group {group} rewound to the beginning");
            },
            _ => Task.CompletedTask,
            () => $"offsetReset: group {group} to the beginning");
    }

    /// <summary>Rewinds the group, asking again while the members of a killed consumer have not yet expired (at most a minute).</summary>
    private async Task RewindAsync(string group, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                await ConsumerGroupOffsets.RewindToBeginningAsync(clients, group, topic, scenario.Topic.Partitions, deadline.Token);
                return;
            }
            catch (Confluent.Kafka.KafkaException)
            {
                await Task.Delay(PollInterval, deadline.Token); // members of a killed consumer not yet expired
            }
        }
    }
}
