using KafkaChaos.Checkers;

namespace KafkaChaos.Reports;

/// <summary>One scenario's line in <c>summary.json</c>: enough to diff verdicts and count classes against a baseline.</summary>
internal sealed record ScenarioSummary
{
    /// <summary>Scenario name.</summary>
    public string Scenario { get; init; } = "";

    /// <summary>Claim id.</summary>
    public string Claim { get; init; } = "";

    /// <summary>The claim's statement.</summary>
    public string Title { get; init; } = "";

    /// <summary>The verdict class.</summary>
    public Verdict Verdict { get; init; }

    /// <summary>Every expectation held.</summary>
    public bool Passed { get; init; }

    /// <summary>Not skipped as not applicable.</summary>
    public bool Applicable { get; init; } = true;

    /// <summary>Not-applicable reason or run error.</summary>
    public string? Reason { get; init; }

    /// <summary>The checker's totals.</summary>
    public CheckCounts Counts { get; init; } = new();

    /// <summary>Expectations that did not hold, as "expected, observed" text.</summary>
    public IReadOnlyList<string> FailedConditions { get; init; } = [];

    /// <summary>Comparison ratio, when asked for.</summary>
    public double? Ratio { get; init; }

    /// <summary>Acknowledged messages per second.</summary>
    public double ThroughputPerSecond { get; init; }

    /// <summary>Wall-clock duration.</summary>
    public long DurationMs { get; init; }

    /// <summary>From a full outcome.</summary>
    public static ScenarioSummary From(ScenarioOutcome o) => new()
    {
        Scenario = o.Scenario,
        Claim = o.Claim,
        Title = o.Title,
        Verdict = o.Verdict,
        Passed = o.Passed,
        Applicable = o.Applicable,
        Reason = o.Error ?? o.NotApplicableReason,
        Counts = o.Counts,
        FailedConditions = o.FailedConditions.Select(c => c.ToString()).ToList(),
        Ratio = o.Compare?.Ratio,
        ThroughputPerSecond = o.ThroughputPerSecond,
        DurationMs = o.DurationMs,
    };
}
