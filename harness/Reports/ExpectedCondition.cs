using KafkaChaos.Scenarios;

namespace KafkaChaos.Reports;

/// <summary>One evaluated expectation as the reports show it.</summary>
/// <param name="Expected">The condition as text, e.g. <c>ackedLost == 100</c> or <c>acked == sent (1000)</c>.</param>
/// <param name="Observed">The observed number.</param>
/// <param name="Passed">Whether it held (false when inconclusive).</param>
internal sealed record ExpectedCondition(string Expected, long Observed, bool Passed)
{
    /// <summary>True when unverifiable IDs could change whether it holds: neither passed nor failed.</summary>
    public bool Inconclusive { get; init; }

    /// <summary>The unverifiable IDs that make it inconclusive; 0 otherwise.</summary>
    public long Unverifiable { get; init; }

    /// <summary>For a comparison with another scenario: the observed ratio (null when it could not be computed).</summary>
    public double? ObservedRatio { get; init; }

    /// <summary>Why it is inconclusive, e.g. <c>12 unverifiable ID(s)</c>; null when decided.</summary>
    public string? Because { get; init; }

    /// <summary>The observation as text: the ratio for a comparison, else the number.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ObservedText => ObservedRatio is { } r ? r.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : Observed.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>From the scenario model's evaluation.</summary>
    public static ExpectedCondition From(ConditionResult result) =>
        new(result.Expected, result.Observed, result.Passed)
        {
            Inconclusive = result.Inconclusive,
            Unverifiable = result.Inconclusive ? result.Unverifiable : 0,
            Because = result.Inconclusive ? $"{result.Unverifiable} unverifiable ID(s)" : null,
        };

    /// <summary>e.g. <c>ackedLost == 100, observed 97</c>, or <c>ackedLost == 0, observed 0, inconclusive (12 unverifiable)</c>.</summary>
    public override string ToString() => $"{Expected}, observed {ObservedText}{(Inconclusive ? $", inconclusive ({Because})" : "")}";
}
