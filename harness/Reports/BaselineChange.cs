namespace KafkaChaos.Reports;

/// <summary>One difference between a run and its baseline.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Claim">Claim id.</param>
/// <param name="Aspect"><c>verdict</c>, <c>counts.&lt;name&gt;</c>, or <c>presence</c>.</param>
/// <param name="Before">In the baseline, e.g. <c>passed</c>, <c>0</c>, <c>&gt;0 (100)</c>, <c>absent</c>.</param>
/// <param name="After">In this run.</param>
/// <param name="IsRegression">True for changed verdicts, changed count classes and scenarios gone missing; false for new scenarios.</param>
internal sealed record BaselineChange(string Scenario, string Claim, string Aspect, string Before, string After, bool IsRegression);
