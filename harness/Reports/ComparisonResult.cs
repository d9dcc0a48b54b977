using KafkaChaos.Scenarios;

namespace KafkaChaos.Reports;

/// <summary>This scenario's metric divided by another scenario's (P2 sync/async, D3 in-flight 1/5).</summary>
/// <param name="With">The other scenario.</param>
/// <param name="Metric">The metric compared.</param>
/// <param name="Value">This scenario's value.</param>
/// <param name="OtherValue">The other scenario's value.</param>
/// <param name="Ratio">Value / OtherValue; null when the other value is 0 or the other scenario did not run.</param>
public sealed record ComparisonResult(string With, CompareMetric Metric, double Value, double OtherValue, double? Ratio)
{
    /// <summary>Computes the ratio of <paramref name="self"/> to <paramref name="other"/> on <paramref name="metric"/>.</summary>
    public static ComparisonResult Compute(CompareMetric metric, ScenarioOutcome self, ScenarioOutcome other)
    {
        double Of(ScenarioOutcome o) => metric == CompareMetric.Throughput ? o.ThroughputPerSecond : o.DurationMs;
        var (value, otherValue) = (Of(self), Of(other));
        var usable = other.Verdict is Verdict.Passed or Verdict.Failed && otherValue > 0 && double.IsFinite(value);
        return new ComparisonResult(other.Scenario, metric, value, otherValue, usable ? Math.Round(value / otherValue, 4) : null);
    }

    /// <summary>Fills <see cref="ScenarioOutcome.Compare"/> for every outcome whose scenario has a <c>compare</c> block.</summary>
    public static IReadOnlyList<ScenarioOutcome> Apply(IReadOnlyList<ScenarioOutcome> outcomes, IEnumerable<Scenario> scenarios)
    {
        var specs = scenarios.Where(s => s.Compare is not null).ToDictionary(s => s.Name, s => s.Compare!);
        var byName = outcomes.ToDictionary(o => o.Scenario);
        return outcomes.Select(o =>
            specs.TryGetValue(o.Scenario, out var spec) && byName.TryGetValue(spec.With, out var other)
                ? o with { Compare = Compute(spec.Metric, o, other) }
                : o).ToList();
    }

    /// <summary>e.g. <c>throughput ÷ p2-async-throughput = 0.12</c>.</summary>
    public override string ToString() =>
        $"{ScenarioKeys.EnumText(Metric)} ÷ {With} = {(Ratio is { } r ? r.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "n/a")}";
}
