using KafkaChaos.Checkers;
using KafkaChaos.Reports;

namespace KafkaChaos.Soak;

/// <summary>What a soak found, as written to <c>&lt;out&gt;/soak-&lt;seed&gt;/soak.json</c> and <c>soak.md</c> beside the run's report.json.</summary>
internal sealed record SoakReport
{
    /// <summary>The seed (replay the schedule with it).</summary>
    public required long Seed { get; init; }

    /// <summary>The fault window's length.</summary>
    public required long DurationMs { get; init; }

    /// <summary>The fault choices, as given.</summary>
    public required IReadOnlyList<string> FaultChoices { get; init; }

    /// <summary>The invariants checked (camelCase).</summary>
    public required IReadOnlyList<string> Invariants { get; init; }

    /// <summary>Whether faults of different kinds could coincide.</summary>
    public bool Overlap { get; init; }

    /// <summary>The drawn schedule, one line per fault.</summary>
    public required IReadOnlyList<string> Schedule { get; init; }

    /// <summary>The run's verdict: passed (every invariant held), failed (one broke), error, inconclusive.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>Why there is no verdict, when <see cref="Verdict"/> is error.</summary>
    public string? Error { get; init; }

    /// <summary>The Kafka version, and the image on the docker backend.</summary>
    public required string Kafka { get; init; }

    /// <summary>The checker's totals.</summary>
    public required CheckCounts Counts { get; init; }

    /// <summary>The drawn schedule's faults.</summary>
    public required IReadOnlyList<PlannedFault> Planned { get; init; }

    /// <summary>When each fault was in force, ms from the fault window's opening (the schedule's clock).</summary>
    public required IReadOnlyList<FaultWindow> Windows { get; init; }

    /// <summary>Every scheduled fault as it happened: injected and healed (ms since the run's start), its target, its toxic's bites.</summary>
    public required IReadOnlyList<FaultEvidence> Timeline { get; init; }

    /// <summary>The first violation, null when every invariant held.</summary>
    public SoakViolation? FirstViolation { get; init; }

    /// <summary>The harness process over the soak.</summary>
    public required IReadOnlyList<ResourceSample> Resources { get; init; }

    /// <summary>This process's file descriptors by kind before the soak started its cluster.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> DescriptorsAtStart { get; init; } = [];

    /// <summary>This process's file descriptors by kind after the soak stopped its cluster: a leak shows here.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> DescriptorsAtEnd { get; init; } = [];

    /// <summary>Bytes of ledger (every worker's and the nemesis's stream) written.</summary>
    public long LedgerBytes { get; init; }

    /// <summary><see cref="LedgerBytes"/> per message sent.</summary>
    public double LedgerBytesPerMessage { get; init; }
}
