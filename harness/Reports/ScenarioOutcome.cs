using KafkaChaos.Checkers;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Reports;

/// <summary>
/// Everything the reports say about one scenario run; serialized as <c>&lt;out&gt;/&lt;scenario&gt;/report.json</c>.
/// Built by the runner from the scenario, its evaluation and the checker's result. Defaults are "nothing observed".
/// </summary>
internal sealed record ScenarioOutcome
{
    /// <summary>Scenario name (the YAML file stem).</summary>
    public string Scenario { get; init; } = "";

    /// <summary>Claim id (P1..K1).</summary>
    public string Claim { get; init; } = "";

    /// <summary>The claim's one-line statement.</summary>
    public string Title { get; init; } = "";

    /// <summary>NUnit categories.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The Kafka version the run used, e.g. <c>0.9.0.1</c>.</summary>
    public string KafkaVersion { get; init; } = "";

    /// <summary>Every evaluated expectation.</summary>
    public IReadOnlyList<ExpectedCondition> Expected { get; init; } = [];

    /// <summary>True when every expectation held (and at least one applied).</summary>
    public bool Passed { get; init; }

    /// <summary>False when a not-applicable rule matched (the scenario was skipped).</summary>
    public bool Applicable { get; init; } = true;

    /// <summary>Why the scenario is not applicable; null when it is.</summary>
    public string? NotApplicableReason { get; init; }

    /// <summary>Why the run itself broke; null when it completed.</summary>
    public string? Error { get; init; }

    /// <summary>The seed the run used (replay with it).</summary>
    public long Seed { get; init; }

    /// <summary>When the scenario started; null when unknown.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Wall-clock duration.</summary>
    public long DurationMs { get; init; }

    /// <summary>Duration per phase (warmup, faultWindow, heal, drain, finalRead, check) in ms, in phase order.</summary>
    public IReadOnlyDictionary<string, long> PhaseDurationsMs { get; init; } = new Dictionary<string, long>();

    /// <summary>The checker's totals.</summary>
    public CheckCounts Counts { get; init; } = new();

    /// <summary>Failed and indeterminate sends by error code name.</summary>
    public IReadOnlyDictionary<string, long> FailuresByError { get; init; } = new Dictionary<string, long>();

    /// <summary>Anomalies with examples.</summary>
    public IReadOnlyList<ReportFinding> Findings { get; init; } = [];

    /// <summary>Broker, topic, producer and consumer settings in force.</summary>
    public EffectiveSettings Settings { get; init; } = new();

    /// <summary>Acknowledged messages per second over the fault window.</summary>
    public double ThroughputPerSecond { get; init; }

    /// <summary>Rates, fault windows, leader changes.</summary>
    public Timeline Timeline { get; init; } = Timeline.Empty;

    /// <summary>Every scheduled fault: whether it happened, when, on what, its toxic's bites.</summary>
    public IReadOnlyList<FaultEvidence> Faults { get; init; } = [];

    /// <summary>Ratio to another scenario, when the scenario asks for one.</summary>
    public ComparisonResult? Compare { get; init; }

    /// <summary>
    /// The verdict class, in this precedence: error, not applicable, passed, failed (a condition failed for certain, or none
    /// applied), inconclusive (no condition failed for certain, but unverifiable IDs leave some undecided).
    /// </summary>
    public Verdict Verdict => Error is not null ? Verdict.Error
        : !Applicable ? Verdict.NotApplicable
        : Passed ? Verdict.Passed
        : Expected.Any(e => e.Inconclusive) && Expected.All(e => e.Passed || e.Inconclusive) ? Verdict.Inconclusive
        : Verdict.Failed;

    /// <summary>An outcome carrying the scenario's identity, seed and requested settings; the runner adds what it observed.</summary>
    public static ScenarioOutcome For(Scenario scenario, KafkaVersion kafkaVersion) => new()
    {
        Scenario = scenario.Name,
        Claim = scenario.Claim,
        Title = scenario.Title,
        Categories = scenario.Categories,
        KafkaVersion = kafkaVersion.ToString(),
        Seed = scenario.Seed,
        Settings = ScenarioSettings.Of(scenario),
    };

    /// <summary>A skipped scenario (a not-applicable rule matched).</summary>
    public static ScenarioOutcome NotApplicableFor(Scenario scenario, KafkaVersion kafkaVersion, Applicability applicability) =>
        For(scenario, kafkaVersion) with { Applicable = applicability.Applicable, NotApplicableReason = applicability.Reason };

    /// <summary>This outcome with the verdict of <paramref name="verdict"/> (expected conditions and passed).</summary>
    public ScenarioOutcome WithVerdict(ExpectationVerdict verdict) =>
        this with { Expected = verdict.Results.Select(ExpectedCondition.From).ToList(), Passed = verdict.Passed };

    /// <summary>The conditions that did not hold (or could not be decided).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<ExpectedCondition> FailedConditions => Expected.Where(e => !e.Passed);
}
