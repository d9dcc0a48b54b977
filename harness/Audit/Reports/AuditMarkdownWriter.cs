using System.Globalization;
using System.Text;

namespace KafkaChaos.Audit.Reports;

/// <summary>
/// <c>audit.md</c>, fit for a pull-request comment: per configuration the settings in force, the guarantee matrix
/// (measured count, the claims' prediction beside it, a contradiction in bold with ⚠), the findings, and the diff.
/// </summary>
internal static class AuditMarkdownWriter
{
    /// <summary>The file name in the output directory.</summary>
    public const string FileName = "audit.md";

    /// <summary>The Markdown text; the changes and the policy in <paramref name="verdict"/> come from the regression checks.</summary>
    public static string Render(AuditReport report, AuditVerdict verdict)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## chaos audit (Kafka {report.KafkaVersion}{(report.Cluster.Length > 0 ? $" on {report.Cluster}" : "")}, {report.DurationMs / 1000.0:0} s){(report.Interrupted ? " — interrupted, partial" : "")}");
        md.AppendLine();
        foreach (var configuration in report.Configurations) Configuration(md, configuration);
        if (verdict.Reference is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### Diff: {verdict.Reference} → {report.Configurations[0].Label}");
            md.AppendLine();
            if (verdict.Changes.Count == 0) md.AppendLine("No guarantee changed (held vs violated).");
            foreach (var change in verdict.Changes) md.AppendLine(CultureInfo.InvariantCulture, $"- {(change.Lost ? "**lost**" : "gained")}: {change}");
            md.AppendLine();
        }
        if (verdict.Required.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### Policy: {string.Join(", ", verdict.Required.Select(Guarantees.PolicyName))}");
            md.AppendLine();
            if (verdict.Violations.Count + verdict.Unproven.Count == 0) md.AppendLine("Every required guarantee held wherever it was measured.");
            foreach (var line in verdict.Violations) md.AppendLine(CultureInfo.InvariantCulture, $"- **violated** {line}");
            foreach (var line in verdict.Unproven) md.AppendLine(CultureInfo.InvariantCulture, $"- unproven {line}");
            md.AppendLine();
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"Exit code {verdict.ExitCode}: {verdict.Summary}");
        return md.ToString();
    }

    /// <summary>The matrix of one configuration as a Markdown table (also used by the README).</summary>
    public static string Matrix(ConfigurationAudit configuration)
    {
        var md = new StringBuilder();
        md.AppendLine("| fault | " + string.Join(" | ", Guarantees.All.Select(Guarantees.Title)) + " | ack p50/p99 ms |");
        md.AppendLine("|---|" + string.Concat(Guarantees.All.Select(_ => "---|")) + "---|");
        foreach (var row in configuration.Rows)
        {
            var latency = row.AckLatencyP50Ms is { } p50 ? $"{p50:0}/{row.AckLatencyP99Ms:0}" : "—";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Title} | {string.Join(" | ", row.Cells.Select(Cell))} | {latency} |");
        }
        return md.ToString();
    }

    private static void Configuration(StringBuilder md, ConfigurationAudit configuration)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"### `{configuration.Label}`: {string.Join("; ", configuration.Sources)}");
        md.AppendLine();
        md.AppendLine("Each cell: measured count (predicted by the claims). ⚠ **bold**: the measurement contradicts the prediction.");
        md.AppendLine();
        md.Append(Matrix(configuration));
        md.AppendLine();
        var findings = configuration.Contradictions().ToList();
        if (findings.Count > 0)
        {
            md.AppendLine("**Findings** (measured vs predicted):");
            md.AppendLine();
            foreach (var (row, cell) in findings)
                md.AppendLine(CultureInfo.InvariantCulture, $"- {row.Fault}: {Guarantees.Title(cell.Guarantee)} = {cell.Count}, the claims predict {cell.Prediction.Short}: {cell.Prediction.Reason}{Examples(cell)}");
            md.AppendLine();
        }
        var notes = configuration.Rows.Where(r => r.Reason is not null).Select(r => $"{r.Fault}: {r.Reason}").Concat(configuration.Notes).ToList();
        if (notes.Count > 0)
        {
            md.AppendLine("Notes:");
            md.AppendLine();
            foreach (var note in notes) md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            md.AppendLine();
        }
        md.AppendLine("<details><summary>Settings in force (✎ = set by you)</summary>");
        md.AppendLine();
        md.AppendLine("| setting | value | from |");
        md.AppendLine("|---|---|---|");
        foreach (var s in configuration.Settings)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {s.Name} | {(s.FromUser ? "✎ " : "")}`{s.Value}` | {s.Origin} |");
        md.AppendLine();
        md.AppendLine("</details>");
        md.AppendLine();
    }

    private static string Examples(MatrixCell cell) => cell.Examples.Count == 0 ? "" : $" (e.g. {string.Join(", ", cell.Examples)})";

    private static string Cell(MatrixCell cell) => cell.State switch
    {
        CellState.NotMeasured => "—",
        CellState.NotApplicable => "n/a",
        CellState.Inconclusive => "?",
        _ => cell.Contradiction ? $"⚠ **{cell.Count}** ({cell.Prediction.Short})" : $"{cell.Count} ({cell.Prediction.Short})",
    };
}
