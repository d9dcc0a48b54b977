namespace KafkaChaos.Reports;

/// <summary>How many scenarios ended in each verdict.</summary>
internal sealed record RunTotals(int Scenarios, int Passed, int Failed, int NotApplicable, int Errors, int Inconclusive = 0)
{
    /// <summary>Counts the verdicts of <paramref name="outcomes"/>.</summary>
    public static RunTotals Of(IReadOnlyCollection<ScenarioOutcome> outcomes) => new(
        outcomes.Count,
        outcomes.Count(o => o.Verdict == Verdict.Passed),
        outcomes.Count(o => o.Verdict == Verdict.Failed),
        outcomes.Count(o => o.Verdict == Verdict.NotApplicable),
        outcomes.Count(o => o.Verdict == Verdict.Error),
        outcomes.Count(o => o.Verdict == Verdict.Inconclusive));
}
