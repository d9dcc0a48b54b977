using KafkaChaos.Scenarios;

namespace KafkaChaos.Soak;

/// <summary>
/// The configuration a soak runs when no scenario file is given, and how a soak scenario is made from a base: the
/// base's cluster, topic and workers, the soak's seed, schedule, phases and invariants.
/// </summary>
internal static class SoakBase
{
    /// <summary>
    /// Three brokers, replication factor 3, <c>min.insync.replicas</c> 2, clean elections, three partitions; one
    /// callback producer with acks=all; one consumer committing synchronously after each batch.
    /// </summary>
    public static Scenario Default { get; } = new()
    {
        Name = "soak",
        Claim = "soak",
        Title = "seeded soak",
        Cluster = new ClusterSpec { Brokers = 3, ReplicationFactor = 3, MinInsyncReplicas = 2, UncleanLeaderElection = false },
        Topic = new TopicSpec { Partitions = 3 },
        Producers = [new ProducerProfile { SendMode = SendMode.Callback, Acks = AcksMode.All, KeyPolicy = KeyPolicy.Sequence }],
        Consumers = [new ConsumerProfile { Group = "soak", Commit = CommitMode.ManualSync, CommitEvery = CommitEvery.Batch }],
    };

    /// <summary>The scenario the runner executes for a soak.</summary>
    public static Scenario ToScenario(SoakSettings settings, SoakSchedule schedule)
    {
        var seconds = settings.DurationMs / 1000.0;
        var producers = settings.Base.Producers.Select(p =>
        {
            var rate = p.RatePerSecond > 0 ? p.RatePerSecond : settings.RatePerSecond;
            // A paced producer sends for the whole window; an unpaced one is stopped when the window closes.
            var messages = rate > 0 ? (int)Math.Min(int.MaxValue, Math.Ceiling(rate * seconds)) : int.MaxValue;
            return p with { RatePerSecond = rate, Messages = messages };
        }).ToList();
        var invariants = string.Join(",", settings.Invariants.Select(i => ScenarioKeys.EnumText(i)));
        return settings.Base with
        {
            Name = $"soak-{settings.Seed}",
            Claim = "soak",
            Title = $"seeded soak: seed {settings.Seed}, {seconds:0.#} s, faults {string.Join(",", settings.Faults)}, invariants {invariants}",
            Categories = ["soak"],
            Seed = settings.Seed,
            Producers = producers,
            Faults = schedule.Faults.Select(f => f.ToSpec()).ToList(),
            Phases = settings.Base.Phases with { WarmupMs = 0, FaultWindowMs = (int)Math.Min(int.MaxValue, settings.DurationMs) },
            Expect = [SoakInvariants.ToExpectation(settings.Invariants)],
            NotApplicable = [],
            Compare = null,
        };
    }
}
