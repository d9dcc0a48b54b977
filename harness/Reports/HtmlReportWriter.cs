using System.Globalization;
using System.Net;
using System.Text;

namespace KafkaChaos.Reports;

/// <summary>
/// Writes <c>&lt;out&gt;/report.html</c>: one self-contained page (inline CSS and SVG, no scripts, no external
/// assets) with the verdict table and, per scenario, its expectations, an SVG timeline, counts, errors,
/// findings with examples and the effective settings.
/// </summary>
internal static class HtmlReportWriter
{
    /// <summary>The file name in the output directory.</summary>
    public const string FileName = "report.html";

    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1000px;color:#1b1f24;padding:0 1rem}
        h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2.2rem;border-top:1px solid #d0d7de;padding-top:1rem}
        table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}
        td.n{text-align:right;font-variant-numeric:tabular-nums}.badge{border-radius:1rem;padding:.05rem .6rem;font-weight:600;font-size:.85rem}
        .passed{background:#dafbe1;color:#116329}.failed{background:#ffebe9;color:#a40e26}.notApplicable{background:#eaeef2;color:#57606a}.error{background:#fff8c5;color:#7d4e00}
        code{background:#f6f8fa;padding:0 .25rem;border-radius:3px}.muted{color:#57606a}
        svg.timeline{background:#fff;border:1px solid #d0d7de;max-width:100%;height:auto}
        svg .axis{stroke:#57606a;stroke-width:1}svg .grid{stroke:#eaeef2;stroke-width:1}svg .tick{font-size:10px;fill:#57606a}
        svg .axis-label{font-size:11px;fill:#1b1f24}svg .fault{fill:#d1242f;fill-opacity:.12;stroke:none}svg .fault-label{font-size:10px;fill:#a40e26}svg .fault-lane{fill:#d1242f;fill-opacity:.35}
        svg .acks{fill:none;stroke:#0969da;stroke-width:2}svg .errors{fill:none;stroke:#d1242f;stroke-width:2}
        svg .leader{stroke:#8250df;stroke-width:1.5;stroke-dasharray:4 3}svg .leader-label{font-size:10px;fill:#8250df}
        details{margin:.4rem 0}summary{cursor:pointer}
        """;

    /// <summary>The HTML text.</summary>
    public static string Render(RunReport run)
    {
        var summary = RunSummary.From(run);
        var t = summary.Totals;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>kafka-chaos: Kafka {E(run.KafkaVersion)}</title><style>{Style}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>kafka-chaos: Kafka {E(run.KafkaVersion)}</h1>");
        if (run.Cluster.Length > 0) html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">cluster: {E(run.Cluster)}</p>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p><b>{t.Passed} passed, {t.Failed} failed, {t.Inconclusive} inconclusive, {t.NotApplicable} not applicable, {t.Errors} errors</b> of {t.Scenarios} scenarios · started {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC · {MarkdownSummaryWriter.Duration(summary.DurationMs)}</p>");

        if (run.Baseline is { HasRegressions: true } baseline)
        {
            html.Append("<h2>Configuration regression</h2><table><tr><th>Claim</th><th>Scenario</th><th>What</th><th>Baseline</th><th>Now</th></tr>");
            foreach (var c in baseline.Changes.Where(c => c.IsRegression))
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Claim)}</td><td><a href=\"#{Anchor(c.Scenario)}\">{E(c.Scenario)}</a></td><td>{E(c.Aspect)}</td><td>{E(c.Before)}</td><td>{E(c.After)}</td></tr>");
            html.Append("</table>");
        }

        html.Append("<table><tr><th>Claim</th><th>Scenario</th><th>Verdict</th><th>Sent</th><th>Acked</th><th>Acked lost</th><th>Silently lost</th><th>Unprocessed</th><th>Dup. in log</th><th>Dup. processing</th><th>Reordered</th></tr>");
        foreach (var o in run.Outcomes)
        {
            var c = o.Counts;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(o.Claim)}</td><td><a href=\"#{Anchor(o.Scenario)}\">{E(o.Scenario)}</a></td><td>{Badge(o.Verdict)}</td>{N(c.Sent)}{N(c.Acked)}{N(c.AckedLost)}{N(c.SilentlyLost)}{N(c.Unprocessed)}{N(c.DuplicatesInLog)}{N(c.DuplicateProcessing)}{N(c.Reordered)}</tr>");
        }
        html.Append("</table>");

        foreach (var o in run.Outcomes) Scenario(html, o);
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>Writes the page and returns its path.</summary>
    public static async Task<string> WriteAsync(RunReport run, string outputDirectory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(outputDirectory, FileName);
        await ReportJson.WriteFileAsync(path, Render(run), cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static void Scenario(StringBuilder html, ScenarioOutcome o)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"{Anchor(o.Scenario)}\"><h2>{E(o.Claim)} · {E(o.Scenario)} {Badge(o.Verdict)}</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p>{E(o.Title)}</p>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"muted\">Kafka {E(o.KafkaVersion)} · seed {o.Seed} · {MarkdownSummaryWriter.Duration(o.DurationMs)} · {F(o.ThroughputPerSecond)} acks/s{(o.Compare is null ? "" : " · " + E(o.Compare.ToString()))}{(o.Categories.Count == 0 ? "" : " · " + E(string.Join(", ", o.Categories)))}</p>");
        if (o.NotApplicableReason is not null && !o.Applicable) html.Append(CultureInfo.InvariantCulture, $"<p>Not applicable: {E(o.NotApplicableReason)}</p>");
        if (o.Error is not null) html.Append(CultureInfo.InvariantCulture, $"<p><b>Run error:</b> <code>{E(o.Error)}</code></p>");

        if (o.Expected.Count > 0)
        {
            html.Append("<table><tr><th>Expected</th><th>Observed</th><th></th></tr>");
            foreach (var e in o.Expected)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(e.Expected)}</code></td><td class=\"n\">{e.ObservedText}</td><td>{(e.Passed ? "✅" : e.Inconclusive ? $"❔ {E(e.Because ?? "")}" : "❌")}</td></tr>");
            html.Append("</table>");
        }
        Faults(html, o.Faults);

        html.Append(TimelineSvg.Render(o.Timeline, $"{o.Scenario}: acks/s and errors/s over time with fault windows and leader changes"));

        var c = o.Counts;
        html.Append("<table><tr><th>sent</th><th>acked</th><th>failed</th><th>indeterminate</th><th>ackedLost</th><th>unackedPresent</th><th>silentlyLost</th><th>unprocessed</th><th>duplicatesInLog</th><th>duplicateProcessing</th><th>reordered</th><th>unexpected</th></tr><tr>");
        foreach (var v in new[] { c.Sent, c.Acked, c.Failed, c.Indeterminate, c.AckedLost, c.UnackedPresent, c.SilentlyLost, c.Unprocessed, c.DuplicatesInLog, c.DuplicateProcessing, c.Reordered, c.Unexpected })
            html.Append(N(v));
        html.Append("</tr></table>");

        if (o.FailuresByError.Count > 0)
            html.Append("<p>Errors: ").Append(string.Join(", ", o.FailuresByError.OrderByDescending(kv => kv.Value).Select(kv => $"<code>{E(kv.Key)}</code> × {kv.Value}"))).Append("</p>");
        if (o.Findings.Count > 0)
        {
            html.Append("<ul>");
            foreach (var f in o.Findings)
                html.Append(CultureInfo.InvariantCulture, $"<li><b>{E(f.Kind)}</b> × {f.Count}{(f.Detail is null ? "" : " – " + E(f.Detail))}{(f.Examples.Count == 0 ? "" : ": " + string.Join(", ", f.Examples.Select(x => $"<code>{E(x)}</code>")))}</li>");
            html.Append("</ul>");
        }
        if (o.Timeline.FaultWindows.Count > 0)
            html.Append("<p class=\"muted\">Faults: ").Append(string.Join("; ", o.Timeline.FaultWindows.Select(w => E($"{w.Name} {F(w.StartMs / 1000.0)}s–{(w.EndMs is { } end ? F(end / 1000.0) + "s" : "end")}")))).Append("</p>");
        if (o.PhaseDurationsMs.Count > 0)
            html.Append("<p class=\"muted\">Phases: ").Append(E(string.Join(", ", o.PhaseDurationsMs.Select(kv => $"{kv.Key} {kv.Value} ms")))).Append("</p>");

        html.Append("<details><summary>Effective settings</summary>");
        Settings(html, "Broker", o.Settings.Broker);
        Settings(html, "Topic", o.Settings.Topic);
        Settings(html, "Producer", o.Settings.Producer);
        Settings(html, "Consumer", o.Settings.Consumer);
        html.Append("</details></section>");
    }

    private static void Settings(StringBuilder html, string title, IReadOnlyDictionary<string, string> settings)
    {
        if (settings.Count == 0) return;
        html.Append(CultureInfo.InvariantCulture, $"<table><tr><th colspan=\"2\">{E(title)}</th></tr>");
        foreach (var (key, value) in settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(key)}</code></td><td><code>{E(value)}</code></td></tr>");
        html.Append("</table>");
    }

    private static void Faults(StringBuilder html, IReadOnlyList<FaultEvidence> faults)
    {
        if (faults.Count == 0) return;
        html.Append("<table><tr><th>Fault</th><th>Status</th><th>Injected (ms)</th><th>Healed (ms)</th><th>Brokers</th><th>Leader / ISR before</th><th>Bites</th><th>What</th></tr>");
        foreach (var f in faults)
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td><code>{E(f.Name)}</code> {E(f.Fault)}{(f.Optional ? " (optional)" : "")}</td><td>{E(f.Status)}{(f.Reason is null ? "" : $": {E(f.Reason)}")}</td><td class=\"n\">{f.InjectedAtMs}</td><td class=\"n\">{f.HealedAtMs}</td><td>{E(string.Join(", ", f.Brokers))}</td><td>{(f.Leader is null ? "" : $"{f.Leader} / [{E(string.Join(", ", f.Isr ?? []))}]")}</td><td class=\"n\">{f.Uses}</td><td>{E(f.Description ?? "")}</td></tr>");
        html.Append("</table>");
    }

    private static string Badge(Verdict v)
    {
        var name = Scenarios.ScenarioKeys.EnumText(v);
        return $"<span class=\"badge {name}\">{(v == Verdict.NotApplicable ? "not applicable" : name)}</span>";
    }

    /// <summary>An element id for a scenario name (file stems are already id-safe; anything else is replaced).</summary>
    internal static string Anchor(string scenario) =>
        "s-" + new string(scenario.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());

    private static string N(long value) => $"<td class=\"n\">{value.ToString(CultureInfo.InvariantCulture)}</td>";

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
