using KafkaChaos.Scenarios;

namespace KafkaChaos.Reports;

/// <summary>This scenario's metric divided by another scenario's (P2 sync/async, D3 in-flight 1/5), and whether the expected ratio held.</summary>
/// <param name="With">The other scenario.</param>
/// <param name="Metric">The metric compared.</param>
/// <param name="Value">This scenario's value.</param>
/// <param name="OtherValue">The other scenario's value.</param>
/// <param name="Ratio">Value / OtherValue; null when the other value is 0 or the other scenario has no usable verdict.</param>
internal sealed record ComparisonResult(string With, CompareMetric Metric, double Value, double OtherValue, double? Ratio)
{
    /// <summary>Computes the ratio of <paramref name="self"/> to <paramref name="other"/> on <paramref name="metric"/>.</summary>
    public static ComparisonResult Compute(CompareMetric metric, ScenarioOutcome self, ScenarioOutcome other)
    {
        double Of(ScenarioOutcome o) => metric == CompareMetric.Throughput ? o.ThroughputPerSecond : o.DurationMs;
        var (value, otherValue) = (Of(self), Of(other));
        var usable = other.Verdict is Verdict.Passed or Verdict.Failed && otherValue > 0 && double.IsFinite(value);
        return new ComparisonResult(other.Scenario, metric, value, otherValue, usable ? Math.Round(value / otherValue, 4) : null);
    }

    /// <summary>
    /// <paramref name="self"/> judged on its comparison with <paramref name="other"/>: the ratio recorded and the expected
    /// ratio added as one more condition. Without a usable ratio (the other scenario broke or was skipped, or
    /// <paramref name="other"/> is null because it did not run) the condition is inconclusive, never passed.
    /// </summary>
    public static ScenarioOutcome Judge(ScenarioOutcome self, CompareSpec spec, ScenarioOutcome? other)
    {
        if (self.Verdict is Verdict.Error or Verdict.NotApplicable) return self;
        var result = other is null ? null : Compute(spec.Metric, self, other);
        var because = other is null ? $"{spec.With} did not run" : result!.Ratio is null ? $"{spec.With} has no usable {ScenarioKeys.EnumText(spec.Metric)} (verdict {ScenarioKeys.EnumText(other.Verdict)})" : null;
        var holds = result?.Ratio is { } ratio && spec.Expected.Holds(ratio);
        var condition = new ExpectedCondition(spec.ToString(), 0, holds) { ObservedRatio = result?.Ratio, Inconclusive = because is not null, Because = because };
        return self with { Compare = result, Expected = [.. self.Expected, condition], Passed = self.Passed && holds };
    }

    /// <summary>e.g. <c>throughput ÷ p2-async-throughput = 0.12</c>.</summary>
    public override string ToString() =>
        $"{ScenarioKeys.EnumText(Metric)} ÷ {With} = {(Ratio is { } r ? r.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "n/a")}";
}
