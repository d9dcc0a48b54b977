using System.Globalization;
using System.Net;
using System.Text;

namespace KafkaChaos.Audit.Reports;

/// <summary>
/// <c>audit.html</c>: self-contained; per configuration the matrix (contradictions highlighted), settings and notes,
/// then the diff, each row linking to its scenario's report directory (whose <c>report.json</c> carries the timeline).
/// </summary>
internal static class AuditHtmlWriter
{
    /// <summary>The file name in the output directory.</summary>
    public const string FileName = "audit.html";

    /// <summary>The HTML text.</summary>
    public static string Render(AuditReport report, AuditVerdict verdict)
    {
        var h = new StringBuilder();
        h.AppendLine("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>chaos audit</title><style>");
        h.AppendLine("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}");
        h.AppendLine("td:first-child,th:first-child{text-align:left}.bad{background:#fdd;font-weight:bold}.held{background:#efe}.none{color:#999}.pred{color:#666;font-size:80%}");
        h.AppendLine("</style></head><body>");
        h.AppendLine(CultureInfo.InvariantCulture, $"<h1>chaos audit</h1><p>Kafka {E(report.KafkaVersion)}{(report.Cluster.Length > 0 ? $" on {E(report.Cluster)}" : "")}, {report.DurationMs / 1000.0:0} s{(report.Interrupted ? ", <b>interrupted: partial</b>" : "")}. Exit code {verdict.ExitCode}: {E(verdict.Summary)}</p>");
        foreach (var configuration in report.Configurations)
        {
            h.AppendLine(CultureInfo.InvariantCulture, $"<h2>{E(configuration.Label)}</h2><p>{E(string.Join("; ", configuration.Sources))}</p>");
            h.AppendLine("<table><tr><th>fault</th>" + string.Concat(Guarantees.All.Select(g => $"<th>{E(Guarantees.Title(g))}</th>")) + "<th>ack p50/p99 ms</th></tr>");
            foreach (var row in configuration.Rows)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"{E(row.Scenario)}/report.json\">{E(row.Title)}</a>{(row.Reason is null ? "" : $"<br><span class=\"pred\">{E(row.Reason)}</span>")}</td>");
                foreach (var cell in row.Cells) h.Append(Cell(cell));
                h.AppendLine(CultureInfo.InvariantCulture, $"<td>{(row.AckLatencyP50Ms is { } p ? $"{p:0}/{row.AckLatencyP99Ms:0}" : "—")}</td></tr>");
            }
            h.AppendLine("</table><details><summary>settings in force</summary><table><tr><th>setting</th><th>value</th><th>from</th></tr>");
            foreach (var s in configuration.Settings)
                h.AppendLine(CultureInfo.InvariantCulture, $"<tr><td>{E(s.Name)}</td><td>{(s.FromUser ? "<b>" : "")}{E(s.Value)}{(s.FromUser ? "</b>" : "")}</td><td>{E(s.Origin)}</td></tr>");
            h.AppendLine("</table></details>");
            foreach (var note in configuration.Notes) h.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"pred\">{E(note)}</p>");
        }
        if (verdict.Reference is not null)
        {
            h.AppendLine(CultureInfo.InvariantCulture, $"<h2>Diff against {E(verdict.Reference)}</h2><ul>");
            foreach (var change in verdict.Changes) h.AppendLine(CultureInfo.InvariantCulture, $"<li{(change.Lost ? " class=\"bad\"" : "")}>{E(change.ToString())}</li>");
            if (verdict.Changes.Count == 0) h.AppendLine("<li>no guarantee changed</li>");
            h.AppendLine("</ul>");
        }
        h.AppendLine("</body></html>");
        return h.ToString();
    }

    private static string Cell(MatrixCell cell)
    {
        if (cell.State != CellState.Measured)
            return $"<td class=\"none\">{(cell.State == CellState.NotMeasured ? "—" : cell.State == CellState.NotApplicable ? "n/a" : "?")}</td>";
        var css = cell.Contradiction ? "bad" : cell.Count == 0 ? "held" : "";
        var title = $"{string.Join(", ", cell.Examples)} {cell.Prediction.Reason}".Trim();
        return $"<td class=\"{css}\" title=\"{E(title)}\">{cell.Count}<br><span class=\"pred\">{E(cell.Prediction.Short)}</span></td>";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
