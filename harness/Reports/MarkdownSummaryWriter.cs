using System.Globalization;
using System.Text;

namespace KafkaChaos.Reports;

/// <summary>
/// Writes <c>&lt;out&gt;/summary.md</c>: a claim × verdict × key counts table fit for a PR comment or a GitHub
/// job summary, the failed expectations, and a "Configuration regression" section when a baseline was given.
/// </summary>
internal static class MarkdownSummaryWriter
{
    /// <summary>The file name in the output directory.</summary>
    public const string FileName = "summary.md";

    /// <summary>The section heading for baseline changes.</summary>
    public const string RegressionHeading = "## Configuration regression";

    /// <summary>The Markdown text.</summary>
    public static string Render(RunReport run)
    {
        var summary = RunSummary.From(run);
        var t = summary.Totals;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# kafka-chaos: Kafka {run.KafkaVersion}");
        md.AppendLine();
        if (run.Cluster.Length > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Cluster: {run.Cluster}");
            md.AppendLine();
        }
        md.AppendLine(CultureInfo.InvariantCulture,
            $"**{t.Passed} passed, {t.Failed} failed, {t.Inconclusive} inconclusive, {t.NotApplicable} not applicable, {t.Errors} errors** of {t.Scenarios} scenarios · started {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC · {Duration(summary.DurationMs)}");
        md.AppendLine();
        md.AppendLine("| | Claim | Scenario | Verdict | Time | Sent | Acked | Acked lost | Silently lost | Unprocessed | Dup. in log | Dup. processing | Reordered | Notes |");
        md.AppendLine("|---|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var o in run.Outcomes)
        {
            var c = o.Counts;
            var observed = o.Verdict is Verdict.Passed or Verdict.Failed or Verdict.Inconclusive;
            string N(long v) => observed ? v.ToString(CultureInfo.InvariantCulture) : "–";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Icon(o.Verdict)} | {Cell(o.Claim)} | {Cell(o.Scenario)} | {VerdictText(o.Verdict)} | {Duration(o.DurationMs)} | {N(c.Sent)} | {N(c.Acked)} | {N(c.AckedLost)} | {N(c.SilentlyLost)} | {N(c.Unprocessed)} | {N(c.DuplicatesInLog)} | {N(c.DuplicateProcessing)} | {N(c.Reordered)} | {Cell(Notes(o))} |");
        }

        var failed = run.Outcomes.Where(o => o.Verdict is Verdict.Failed or Verdict.Error or Verdict.Inconclusive).ToList();
        if (failed.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Failed");
            md.AppendLine();
            foreach (var o in failed)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- **{Cell(o.Scenario)}** ({o.Claim}: {Cell(o.Title)})");
                if (o.Error is not null) md.AppendLine(CultureInfo.InvariantCulture, $"  - run error: {Cell(o.Error)}");
                foreach (var f in o.Faults.Where(f => f.Status != FaultEvidence.Happened))
                    md.AppendLine(CultureInfo.InvariantCulture, $"  - fault {Cell(f.ToString())}");
                foreach (var e in o.FailedConditions)
                    md.AppendLine(CultureInfo.InvariantCulture, $"  - expected `{e.Expected}`, observed **{e.ObservedText}**{(e.Inconclusive ? $", inconclusive: {e.Because}" : "")}");
                if (o.Verdict == Verdict.Failed && o.Expected.Count == 0) md.AppendLine("  - no expectation applies to this Kafka version");
                foreach (var f in o.Findings.Where(f => f.Examples.Count > 0))
                    md.AppendLine(CultureInfo.InvariantCulture, $"  - {Cell(f.Kind)} × {f.Count}: {Cell(string.Join(", ", f.Examples))}");
            }
        }

        if (run.Baseline is { } baseline)
        {
            md.AppendLine();
            var regressions = baseline.Changes.Where(c => c.IsRegression).ToList();
            if (regressions.Count > 0)
            {
                md.AppendLine(RegressionHeading);
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"{regressions.Count} change(s) against the baseline of {baseline.BaselineStartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC (Kafka {baseline.BaselineKafkaVersion}):");
                md.AppendLine();
                md.AppendLine("| Claim | Scenario | What | Baseline | Now |");
                md.AppendLine("|---|---|---|---|---|");
                foreach (var c in regressions)
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(c.Claim)} | {Cell(c.Scenario)} | {Cell(c.Aspect)} | {Cell(c.Before)} | {Cell(c.After)} |");
            }
            else
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"No configuration regression against the baseline of {baseline.BaselineStartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
            }
            var added = baseline.Changes.Where(c => !c.IsRegression).Select(c => c.Scenario).ToList();
            if (added.Count > 0)
            {
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"New scenarios (not in the baseline): {Cell(string.Join(", ", added))}.");
            }
        }
        return md.ToString();
    }

    /// <summary>Writes the summary and returns its path.</summary>
    public static async Task<string> WriteAsync(RunReport run, string outputDirectory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(outputDirectory, FileName);
        await ReportJson.WriteFileAsync(path, Render(run), cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static string Notes(ScenarioOutcome o) => o.Verdict switch
    {
        Verdict.NotApplicable => o.NotApplicableReason ?? "not applicable",
        Verdict.Error => o.Error ?? "run error",
        _ => string.Join("; ", new[]
        {
            o.FailedConditions.Any() ? string.Join("; ", o.FailedConditions.Select(e => $"expected {e.Expected}, observed {e.ObservedText}{(e.Inconclusive ? $" ({e.Because})" : "")}")) : null,
            o.Faults.Any(f => f.Status == FaultEvidence.Skipped) ? "skipped: " + string.Join(", ", o.Faults.Where(f => f.Status == FaultEvidence.Skipped).Select(f => f.Name)) : null,
            o.Compare?.ToString(),
        }.Where(s => s is not null)),
    };

    private static string Icon(Verdict v) => v switch
    {
        Verdict.Passed => "✅",
        Verdict.Failed => "❌",
        Verdict.NotApplicable => "⏭️",
        Verdict.Inconclusive => "❔",
        _ => "⚠️",
    };

    private static string VerdictText(Verdict v) => v switch
    {
        Verdict.NotApplicable => "not applicable",
        _ => Scenarios.ScenarioKeys.EnumText(v),
    };

    /// <summary>Makes text safe inside a table cell: pipes escaped, "&lt;" escaped so no HTML tag forms, line breaks flattened.</summary>
    internal static string Cell(string text) =>
        text.Replace("\\", "\\\\").Replace("|", "\\|").Replace("<", "&lt;").Replace("\r", "").Replace("\n", " ");

    internal static string Duration(long ms)
    {
        var span = TimeSpan.FromMilliseconds(ms);
        return span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m {span.Seconds}s" : $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s";
    }
}
