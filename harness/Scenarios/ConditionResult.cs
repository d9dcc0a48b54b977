namespace KafkaChaos.Scenarios;

/// <summary>One evaluated condition: what was expected, what was observed, and whether it held.</summary>
/// <param name="Subject">The count name (<c>ackedLost</c>) or <c>errors.CODE</c>.</param>
/// <param name="Condition">The expected condition.</param>
/// <param name="Observed">The observed number.</param>
/// <param name="Passed">Whether the observation satisfies the condition.</param>
public sealed record ConditionResult(string Subject, Condition Condition, long Observed, bool Passed)
{
    /// <summary>Expected text, e.g. <c>ackedLost == 100</c>.</summary>
    public string Expected => $"{Subject} {Condition}";

    /// <summary>e.g. <c>ackedLost == 100 (observed 97) FAILED</c>.</summary>
    public override string ToString() => $"{Expected} (observed {Observed}){(Passed ? "" : " FAILED")}";
}
