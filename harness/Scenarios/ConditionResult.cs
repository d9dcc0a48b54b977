namespace KafkaChaos.Scenarios;

/// <summary>One evaluated condition: what was expected, what was observed, and whether it held.</summary>
/// <param name="Subject">The count name (<c>ackedLost</c>), <c>errors.CODE</c> or <c>findings.kind</c>.</param>
/// <param name="Condition">The expected condition.</param>
/// <param name="Observed">The observed number.</param>
/// <param name="Passed">Whether the observation satisfies the condition.</param>
/// <param name="Target">The number compared with (a referenced count resolved).</param>
/// <param name="Unverifiable">IDs that might be counted by this subject but could not be verified (a partition the final read
/// could not read); when the condition's truth changes across <c>Observed .. Observed + Unverifiable</c> it is inconclusive.</param>
internal sealed record ConditionResult(string Subject, Condition Condition, long Observed, bool Passed, long Target, long Unverifiable = 0)
{
    /// <summary>True when the unverifiable IDs could change whether the condition holds: neither passed nor failed.</summary>
    public bool Inconclusive { get; init; }

    /// <summary>Expected text, e.g. <c>ackedLost == 100</c> or <c>acked == sent (1000)</c>.</summary>
    public string Expected => Condition.Reference is null ? $"{Subject} {Condition}" : $"{Subject} {Condition} ({Target})";

    /// <summary>e.g. <c>ackedLost == 100 (observed 97) FAILED</c>.</summary>
    public override string ToString() => $"{Expected} (observed {Observed}){(Inconclusive ? $" INCONCLUSIVE: {Unverifiable} unverifiable" : Passed ? "" : " FAILED")}";
}
