using System.Globalization;
using KafkaChaos.Checkers;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Reports;

/// <summary>
/// Compares a run with a baseline summary: every changed verdict (passed / failed / not applicable / error) and
/// every count whose class changed (zero vs non-zero, e.g. <c>ackedLost</c> 0 → &gt;0) is a configuration regression.
/// Exact numbers are not compared: timing moves them, their class is the claim.
/// </summary>
internal static class BaselineDiff
{
    /// <summary>The differences between <paramref name="current"/> and <paramref name="baseline"/>.</summary>
    public static BaselineComparison Compare(RunSummary current, RunSummary baseline)
    {
        var changes = new List<BaselineChange>();
        var before = baseline.Scenarios.ToDictionary(s => s.Scenario, StringComparer.Ordinal);
        var now = current.Scenarios.ToDictionary(s => s.Scenario, StringComparer.Ordinal);

        foreach (var old in baseline.Scenarios.Where(s => !now.ContainsKey(s.Scenario)))
            changes.Add(new BaselineChange(old.Scenario, old.Claim, "presence", Text(old.Verdict), "absent", IsRegression: true));

        foreach (var run in current.Scenarios)
        {
            if (!before.TryGetValue(run.Scenario, out var old))
            {
                changes.Add(new BaselineChange(run.Scenario, run.Claim, "presence", "absent", Text(run.Verdict), IsRegression: false));
                continue;
            }
            if (old.Verdict != run.Verdict)
                changes.Add(new BaselineChange(run.Scenario, run.Claim, "verdict", Text(old.Verdict), Text(run.Verdict), IsRegression: true));

            // Counts of a skipped or broken run are all zero and say nothing about the claim.
            if (!Observed(old) || !Observed(run)) continue;
            foreach (var name in CountNames.All)
            {
                var (a, b) = (CountNames.Get(old.Counts, name), CountNames.Get(run.Counts, name));
                if ((a == 0) != (b == 0))
                    changes.Add(new BaselineChange(run.Scenario, run.Claim, $"counts.{name}", Class(a), Class(b), IsRegression: true));
            }
        }
        return new BaselineComparison
        {
            BaselineKafkaVersion = baseline.KafkaVersion,
            BaselineStartedAt = baseline.StartedAt,
            Changes = changes,
        };
    }

    private static bool Observed(ScenarioSummary s) => s.Verdict is Verdict.Passed or Verdict.Failed;

    private static string Class(long value) => value == 0 ? "0" : $">0 ({value.ToString(CultureInfo.InvariantCulture)})";

    private static string Text(Verdict verdict) => ScenarioKeys.EnumText(verdict);
}
