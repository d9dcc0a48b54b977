using KafkaChaos.Scenarios;

namespace KafkaChaos.Soak;

/// <summary>
/// A soak's nemesis schedule, drawn from a seed: the same seed and settings give the same schedule, fault for fault
/// and millisecond for millisecond. By default faults come one at a time: each is planned <see cref="Settle"/> after
/// the previous one's planned heal and is injected only once that one has healed and the cluster has recovered, so no
/// combination leaves the cluster unable to recover; with overlap each kind follows its own timeline and faults of
/// different kinds may coincide.
/// </summary>
internal sealed class SoakSchedule
{
    /// <summary>Quiet time at the start, so the workload is under way before the first fault.</summary>
    public const int LeadMs = 5000;

    /// <summary>
    /// Time after a heal before the next fault (one at a time) and before the window ends: a restarted broker
    /// registers, catches up and rejoins the ISR within it (ZooKeeper session 4 s, replica lag 4 s).
    /// </summary>
    public const int RecoveryMs = 10000;

    /// <summary>
    /// Extra time a heal that restarts a broker takes beyond its planned moment (the killed broker's registration
    /// expires, its JVM starts, it catches up): planned for, so one-at-a-time faults keep to their times.
    /// </summary>
    public const int RestartAllowanceMs = 15000;

    private static readonly TargetKind[] DrawnTargets = [TargetKind.Leader, TargetKind.Followers, TargetKind.Broker, TargetKind.Consumer];

    private SoakSchedule(long seed, IReadOnlyList<PlannedFault> faults) => (Seed, Faults) = (seed, faults);

    /// <summary>The seed it was drawn from.</summary>
    public long Seed { get; }

    /// <summary>The faults, in injection order.</summary>
    public IReadOnlyList<PlannedFault> Faults { get; }

    /// <summary>Draws the schedule of a soak of <paramref name="durationMs"/> on <paramref name="brokers"/> brokers and <paramref name="partitions"/> partitions.</summary>
    /// <exception cref="ArgumentException">A consumer crash is asked for without consumers, or the soak is too short for any fault.</exception>
    public static SoakSchedule Draw(long seed, long durationMs, IReadOnlyList<SoakFaultChoice> choices, bool overlap, int brokers, int partitions, int consumers)
    {
        if (consumers == 0 && choices.Any(c => FaultKinds.Of(c.Kind).NeedsConsumers))
            throw new ArgumentException("--faults: consumerCrash needs at least one consumer in the configuration.");
        var shortest = LeadMs + choices.Min(c => c.MinMs) + RecoveryMs;
        if (durationMs < shortest)
            throw new ArgumentException($"--duration: {durationMs} ms holds no fault; at least {shortest} ms (a {LeadMs} ms lead, the shortest fault, {RecoveryMs} ms to recover).");
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var drawn = new List<(SoakFaultChoice Choice, long Start, long Duration)>();
        if (overlap)
        {
            foreach (var choice in choices)
            {
                for (var t = (double)LeadMs; ;)
                {
                    var start = (long)(t + Gap(random, choice.PerMinute));
                    var duration = Duration(random, choice);
                    if (start + duration + Settle(choice.Kind) > durationMs) break;
                    drawn.Add((choice, start, duration));
                    t = start + duration + Settle(choice.Kind); // one fault of a kind at a time: its heal must come before the next
                }
            }
        }
        else
        {
            var total = choices.Sum(c => c.PerMinute);
            for (var t = (double)LeadMs; ;)
            {
                var start = (long)(t + Gap(random, total));
                var choice = Pick(random, choices, total);
                var duration = Duration(random, choice);
                if (start + duration + Settle(choice.Kind) > durationMs) break;
                drawn.Add((choice, start, duration));
                t = start + duration + Settle(choice.Kind);
            }
        }
        var names = drawn.OrderBy(d => d.Start).Select((d, i) => $"f{i + 1:00}-{ScenarioKeys.EnumText(d.Choice.Kind)}").ToList();
        var faults = drawn.OrderBy(d => d.Start).Select((d, i) => new PlannedFault(names[i], d.Choice.Kind,
            DrawTarget(random, d.Choice.Kind, brokers, partitions, consumers), d.Start, d.Duration, overlap || i == 0 ? null : names[i - 1])).ToList();
        return new SoakSchedule(seed, faults);
    }

    /// <summary>Time after a fault's planned heal before the next may come: recovery, plus a restart's allowance for kinds that restart a broker.</summary>
    public static int Settle(FaultKind kind) =>
        RecoveryMs + (kind is FaultKind.LeaderKill or FaultKind.BrokerKill or FaultKind.PageCacheLoss ? RestartAllowanceMs : 0);

    /// <summary>The schedule as printed before a soak and in its report: one line per fault.</summary>
    public IEnumerable<string> Describe() =>
        Faults.Count == 0 ? ["no fault fits in this soak"] : Faults.Select(f => f.ToString());

    /// <summary>An exponential gap (ms) of a Poisson process of <paramref name="perMinute"/> events a minute.</summary>
    private static double Gap(Random random, double perMinute) => -Math.Log(1 - random.NextDouble()) * 60_000 / perMinute;

    /// <summary>A duration in the choice's bounds, to the 100 ms.</summary>
    private static long Duration(Random random, SoakFaultChoice choice) =>
        (long)Math.Round((choice.MinMs + random.NextDouble() * (choice.MaxMs - choice.MinMs)) / 100) * 100;

    private static SoakFaultChoice Pick(Random random, IReadOnlyList<SoakFaultChoice> choices, double total)
    {
        var x = random.NextDouble() * total;
        foreach (var choice in choices)
        {
            if (x < choice.PerMinute) return choice;
            x -= choice.PerMinute;
        }
        return choices[^1];
    }

    /// <summary>
    /// A target the kind accepts. A Kafka toxic that must bite is aimed at a role (the partition's leader or a
    /// follower), never a broker by id, since a broker that leads nothing at that moment would never be bitten.
    /// </summary>
    private static FaultTarget DrawTarget(Random random, FaultKind kind, int brokers, int partitions, int consumers)
    {
        var info = FaultKinds.Of(kind);
        var kinds = DrawnTargets.Where(t => info.Targets.Contains(t) && !(info.MustBite && t == TargetKind.Broker)).ToList();
        if (kinds.Count == 0) return new FaultTarget(info.Targets[0]);
        var partition = random.Next(partitions);
        return kinds[random.Next(kinds.Count)] switch
        {
            TargetKind.Leader => new FaultTarget(TargetKind.Leader, Partition: partition),
            TargetKind.Followers => new FaultTarget(TargetKind.Followers, Partition: partition, Count: 1),
            TargetKind.Broker => new FaultTarget(TargetKind.Broker, Index: 1 + random.Next(brokers)),
            TargetKind.Consumer => new FaultTarget(TargetKind.Consumer, Index: random.Next(consumers)),
            var other => new FaultTarget(other),
        };
    }
}
