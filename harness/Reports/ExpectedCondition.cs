using KafkaChaos.Scenarios;

namespace KafkaChaos.Reports;

/// <summary>One evaluated expectation as the reports show it.</summary>
/// <param name="Expected">The condition as text, e.g. <c>ackedLost == 100</c> or <c>acked == sent (1000)</c>.</param>
/// <param name="Observed">The observed number.</param>
/// <param name="Passed">Whether it held.</param>
public sealed record ExpectedCondition(string Expected, long Observed, bool Passed)
{
    /// <summary>From the scenario model's evaluation.</summary>
    public static ExpectedCondition From(ConditionResult result) => new(result.Expected, result.Observed, result.Passed);

    /// <summary>e.g. <c>ackedLost == 100, observed 97</c>.</summary>
    public override string ToString() => $"{Expected}, observed {Observed}";
}
