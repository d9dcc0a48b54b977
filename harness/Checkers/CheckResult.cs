namespace KafkaChaos.Checkers;

/// <summary>Everything a check found: totals, findings with examples, failures by error code and timelines.</summary>
internal sealed class CheckResult
{
    internal CheckResult(CheckCounts counts, IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, long> failuresByErrorCode, PerSecondSeries series, TimeRange? timeRange)
    {
        Counts = counts;
        Findings = findings;
        FailuresByErrorCode = failuresByErrorCode;
        Series = series;
        TimeRange = timeRange;
    }

    /// <summary>The totals (report contract).</summary>
    public CheckCounts Counts { get; }

    /// <summary>Every class with a non-zero count, anomalies first, in <see cref="FindingKind"/> order.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Fail completions per error code (completions, not distinct IDs).</summary>
    public IReadOnlyDictionary<string, long> FailuresByErrorCode { get; }

    /// <summary>Per-second counts of sends, acks, failures, indeterminate completions and consumed records.</summary>
    public PerSecondSeries Series { get; }

    /// <summary>First and last event of the history; null for an empty history.</summary>
    public TimeRange? TimeRange { get; }

    /// <summary>True when any anomaly was found.</summary>
    public bool HasAnomalies => Findings.Any(f => f.IsAnomaly);

    /// <summary>The finding of <paramref name="kind"/>, or null when there was none.</summary>
    public Finding? Find(FindingKind kind) => Findings.FirstOrDefault(f => f.Kind == kind);
}
