using KafkaChaos.Checkers;

namespace KafkaChaos.Scenarios;

/// <summary>
/// One chaos run as data (Jepsen's test map): cluster + topic + workload (producers, consumers) + nemesis (faults)
/// + phases + the expected verdict. One YAML file under <c>scenarios/</c> is one scenario.
/// </summary>
internal sealed record Scenario
{
    /// <summary>The file stem, e.g. <c>b7-unclean-true</c>; also the report directory name.</summary>
    public required string Name { get; init; }

    /// <summary>The file it was loaded from; null when built in code.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Claim id from CLAIMS.md (P1..K1).</summary>
    public required string Claim { get; init; }

    /// <summary>One-line statement of the claim.</summary>
    public required string Title { get; init; }

    /// <summary>NUnit categories (claims, producer, broker, consumer, duplicates, ordering). Default empty.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Seed for every random choice. Default: a stable hash of <see cref="Name"/> (see <see cref="ScenarioLoader.DefaultSeed"/>).</summary>
    public long Seed { get; init; }

    /// <summary>The cluster. Default <see cref="ClusterSpec"/> defaults.</summary>
    public ClusterSpec Cluster { get; init; } = new();

    /// <summary>The topic. Default <see cref="TopicSpec"/> defaults.</summary>
    public TopicSpec Topic { get; init; } = new();

    /// <summary>Producer profiles. Default empty.</summary>
    public IReadOnlyList<ProducerProfile> Producers { get; init; } = [];

    /// <summary>Consumer profiles. Default empty (no consumers: only the final read).</summary>
    public IReadOnlyList<ConsumerProfile> Consumers { get; init; } = [];

    /// <summary>The nemesis schedule. Default empty.</summary>
    public IReadOnlyList<FaultSpec> Faults { get; init; } = [];

    /// <summary>Phase lengths. Default <see cref="PhaseDurations"/> defaults.</summary>
    public PhaseDurations Phases { get; init; } = new();

    /// <summary>Expected outcomes, by Kafka version. At least one block.</summary>
    public IReadOnlyList<Expectation> Expect { get; init; } = [];

    /// <summary>Where the claim cannot be tested. Default empty.</summary>
    public IReadOnlyList<NotApplicableRule> NotApplicable { get; init; } = [];

    /// <summary>A ratio to another scenario's metric that must hold (evaluated by the suite). Default null.</summary>
    public CompareSpec? Compare { get; init; }

    /// <summary>The topic name: <see cref="TopicSpec.Name"/> or <c>chaos-&lt;name&gt;</c>.</summary>
    public string TopicName => Topic.Name ?? $"chaos-{Name}";

    /// <summary>Total producer workers across profiles.</summary>
    public int ProducerWorkers => Producers.Sum(p => p.Count);

    /// <summary>Total consumer workers across profiles.</summary>
    public int ConsumerWorkers => Consumers.Sum(c => c.Count);

    /// <summary>Fault kinds used plus explicit <c>requires</c> capabilities, in YAML spelling (e.g. <c>leaderKill</c>).</summary>
    public IReadOnlySet<string> RequiredCapabilities =>
        Faults.Select(f => ScenarioKeys.EnumText(f.Fault))
            .Concat(NotApplicable.Where(r => r.Requires is not null).Select(r => r.Requires!))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the scenario applies to this Kafka version and runner.</summary>
    public Applicability ApplicabilityFor(KafkaVersion version, IReadOnlySet<string> capabilities) =>
        Applicability.Evaluate(NotApplicable, version, capabilities);

    /// <summary>Evaluates every expectation block that applies to the version.</summary>
    public ExpectationVerdict Evaluate(CheckCounts counts, IReadOnlyDictionary<string, long> failuresByError, KafkaVersion kafkaVersion,
        IReadOnlyDictionary<string, long>? findingsByKind = null) =>
        ExpectationVerdict.Evaluate(Expect, counts, failuresByError, kafkaVersion, findingsByKind);

    /// <summary>The nemesis schedule in one line, e.g. for <c>chaos list</c>; "no faults" when empty.</summary>
    public string DescribeSchedule() => Faults.Count == 0 ? "no faults" : string.Join("; ", Faults.Select(f => f.ToString()));

    /// <summary>The expectations in one line, e.g. <c>ackedLost == 100; [&gt;=0.11] duplicatesInLog == 0</c>.</summary>
    public string DescribeExpectations() => string.Join("; ", Expect.Select(e =>
        (e.Kafka is null ? "" : $"[kafka {e.Kafka}] ") + string.Join(", ",
            e.Counts.Select(c => $"{c.Key} {c.Value}")
                .Concat(e.Errors.Select(c => $"errors.{c.Key} {c.Value}"))
                .Concat(e.Findings.Select(c => $"findings.{c.Key} {c.Value}")))))
        + (Compare is null ? "" : $"; {Compare}");
}
