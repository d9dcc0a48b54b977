namespace KafkaChaos.Scenarios;

/// <summary>
/// This scenario's metric divided by another scenario's (P2 sync vs async, D3 in-flight 1 vs 5), checked like any
/// other expectation. YAML: <c>compare: { scenario: p2-async-throughput, throughput: "&lt; 0.5" }</c> (one metric key).
/// </summary>
/// <param name="With">The other scenario's name (file stem); it must run in the same suite.</param>
/// <param name="Metric">What to compare.</param>
/// <param name="Expected">What the ratio must satisfy.</param>
internal sealed record CompareSpec(string With, CompareMetric Metric, RatioCondition Expected)
{
    /// <summary>e.g. <c>throughput ÷ p2-async-throughput &lt; 0.5</c>.</summary>
    public override string ToString() => $"{ScenarioKeys.EnumText(Metric)} ÷ {With} {Expected}";
}
