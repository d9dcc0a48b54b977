namespace KafkaChaos.Reports;

/// <summary>The run-level report, <c>&lt;out&gt;/summary.json</c>; also the baseline format.</summary>
internal sealed record RunSummary
{
    /// <summary>Kafka version of the run.</summary>
    public string KafkaVersion { get; init; } = "";

    /// <summary>What ran the cluster: backend and distribution, or image and image id; empty when unknown.</summary>
    public string Cluster { get; init; } = "";

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall-clock duration.</summary>
    public long DurationMs { get; init; }

    /// <summary>Verdict totals.</summary>
    public RunTotals Totals { get; init; } = new(0, 0, 0, 0, 0);

    /// <summary>True when no scenario failed or errored.</summary>
    public bool AllPassed { get; init; }

    /// <summary>The runner's capabilities.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Per-scenario verdicts, in run order.</summary>
    public IReadOnlyList<ScenarioSummary> Scenarios { get; init; } = [];

    /// <summary>Changes against the baseline, when one was given.</summary>
    public BaselineComparison? Baseline { get; init; }

    /// <summary>Builds the summary of a run.</summary>
    public static RunSummary From(RunReport run)
    {
        var totals = RunTotals.Of(run.Outcomes);
        return new RunSummary
        {
            KafkaVersion = run.KafkaVersion,
            Cluster = run.Cluster,
            StartedAt = run.StartedAt,
            DurationMs = run.DurationMs ?? run.Outcomes.Sum(o => o.DurationMs),
            Totals = totals,
            AllPassed = totals.Failed == 0 && totals.Errors == 0,
            Capabilities = run.Capabilities,
            Scenarios = run.Outcomes.Select(ScenarioSummary.From).ToList(),
            Baseline = run.Baseline,
        };
    }
}
