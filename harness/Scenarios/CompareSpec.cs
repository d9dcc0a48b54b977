namespace KafkaChaos.Scenarios;

/// <summary>Report a ratio of this scenario's metric to another scenario's (P2 sync vs async, D3 in-flight 1 vs 5).</summary>
/// <param name="With">The other scenario's name (file stem).</param>
/// <param name="Metric">What to compare. Default <see cref="CompareMetric.Throughput"/>.</param>
public sealed record CompareSpec(string With, CompareMetric Metric = CompareMetric.Throughput);
