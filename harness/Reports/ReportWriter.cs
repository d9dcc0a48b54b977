namespace KafkaChaos.Reports;

/// <summary>Writes every report of a run into one output directory.</summary>
internal static class ReportWriter
{
    /// <summary>
    /// Writes each <c>&lt;scenario&gt;/report.json</c>, then <c>summary.json</c>, <c>summary.md</c>, <c>report.html</c> and
    /// <c>junit.xml</c>. When <paramref name="baseline"/> is given, the run is compared with it first and the
    /// comparison goes into the summary files.
    /// </summary>
    public static async Task<ReportResult> WriteAllAsync(RunReport run, string outputDirectory, RunSummary? baseline = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outputDirectory);
        if (baseline is not null)
            run = run with { Baseline = BaselineDiff.Compare(RunSummary.From(run with { Baseline = null }), baseline) };
        var files = new List<string>();
        foreach (var outcome in run.Outcomes)
            files.Add(await ScenarioReportWriter.WriteAsync(outcome, outputDirectory, cancellationToken).ConfigureAwait(false));
        files.Add(await SummaryJsonWriter.WriteAsync(run, outputDirectory, cancellationToken).ConfigureAwait(false));
        files.Add(await MarkdownSummaryWriter.WriteAsync(run, outputDirectory, cancellationToken).ConfigureAwait(false));
        files.Add(await HtmlReportWriter.WriteAsync(run, outputDirectory, cancellationToken).ConfigureAwait(false));
        files.Add(await JUnitReportWriter.WriteAsync(run, outputDirectory, cancellationToken).ConfigureAwait(false));
        var totals = RunTotals.Of(run.Outcomes);
        return new ReportResult(totals, run.Baseline?.HasRegressions ?? false, files);
    }
}
