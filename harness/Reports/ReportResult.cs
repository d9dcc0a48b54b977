namespace KafkaChaos.Reports;

/// <summary>What <see cref="ReportWriter.WriteAllAsync"/> produced and how the run should exit.</summary>
/// <param name="Totals">Verdict totals.</param>
/// <param name="HasRegressions">A baseline was given and some verdict or count class changed.</param>
/// <param name="Files">Every file written.</param>
internal sealed record ReportResult(RunTotals Totals, bool HasRegressions, IReadOnlyList<string> Files)
{
    /// <summary>True when no scenario failed, errored or was inconclusive.</summary>
    public bool AllPassed => Totals.Failed == 0 && Totals.Errors == 0 && Totals.Inconclusive == 0;

    /// <summary>0 when all passed and nothing regressed; 1 when a claim failed, a run broke or a verdict was inconclusive; 2 when only the baseline comparison failed.</summary>
    public int ExitCode => !AllPassed ? 1 : HasRegressions ? 2 : 0;
}
