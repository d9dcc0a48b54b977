using System.Globalization;
using System.Text;
using KafkaChaos.Reports;

namespace KafkaChaos.Soak;

/// <summary>Writes a soak's <c>soak.json</c> and <c>soak.md</c>.</summary>
internal static class SoakReportWriter
{
    /// <summary>Writes both files into <paramref name="directory"/>; returns the Markdown's path.</summary>
    public static async Task<string> WriteAsync(SoakReport report, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await ReportJson.WriteFileAsync(Path.Combine(directory, "soak.json"), ReportJson.Serialize(report), cancellationToken);
        var markdown = Path.Combine(directory, "soak.md");
        await File.WriteAllTextAsync(markdown, Render(report), cancellationToken);
        return markdown;
    }

    /// <summary>The Markdown text.</summary>
    public static string Render(SoakReport report)
    {
        var md = new StringBuilder();
        void Line(FormattableString text) => md.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        Line($"# Soak, seed {report.Seed}: {report.Verdict.ToString().ToLowerInvariant()}");
        md.AppendLine();
        Line($"- Kafka {report.Kafka}; {report.DurationMs / 1000.0:0.#} s; faults {string.Join(", ", report.FaultChoices)}{(report.Overlap ? " (overlapping)" : " (one at a time)")}");
        Line($"- invariants: {string.Join(", ", report.Invariants)}");
        Line($"- sent {report.Counts.Sent}, acked {report.Counts.Acked}, acked lost {report.Counts.AckedLost}, duplicates {report.Counts.DuplicatesInLog}, reordered {report.Counts.Reordered}, unprocessed {report.Counts.Unprocessed}");
        if (report.Error is not null) Line($"- **no verdict**: {report.Error}");
        Line($"- ledger: {report.LedgerBytes / 1048576.0:0.0} MiB, {report.LedgerBytesPerMessage:0.0} B per message");
        md.AppendLine();
        md.AppendLine("## First violation");
        md.AppendLine();
        if (report.FirstViolation is not { } v)
        {
            md.AppendLine("None: every invariant held.");
        }
        else
        {
            Line($"**{v.Invariant}** broken by {v.Count} message(s); the first at {v.AtSeconds:0.0##} s.");
            md.AppendLine();
            md.AppendLine("Faults around it:");
            foreach (var f in v.Faults) Line($"- {f.Name}: {f.Relation} ({f.Detail})");
            if (v.Faults.Count == 0) Line($"- none within {SoakViolations.AroundSeconds} s");
            md.AppendLine();
            md.AppendLine("Examples (earliest first):");
            foreach (var e in v.Examples.Take(10)) Line($"- {e}");
        }
        md.AppendLine();
        md.AppendLine("## Faults");
        md.AppendLine();
        md.AppendLine("Times in seconds from the fault window's opening, planned (from the seed) and actual.");
        md.AppendLine();
        md.AppendLine("| fault | status | planned | injected | healed | target | bites | detail |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var f in report.Timeline)
        {
            var target = f.Brokers.Count > 0 ? $"brokers {string.Join(',', f.Brokers)}" : "";
            if (f.Leader is { } leader) target += $"; leader {leader}, isr [{string.Join(',', f.Isr ?? [])}]";
            var planned = report.Planned.FirstOrDefault(p => p.Name == f.Name);
            var actual = report.Windows.FirstOrDefault(w => w.Name == f.Name);
            Line($"| {f.Name} | {f.Status}{(f.Reason is null ? "" : $": {f.Reason}")} | {planned?.StartMs / 1000.0:0.0}–{planned?.EndMs / 1000.0:0.0} | {actual?.StartMs / 1000.0:0.0} | {actual?.EndMs / 1000.0:0.0} | {target.Trim(' ', ';')} | {f.Uses} | {f.Description} |");
        }
        md.AppendLine();
        md.AppendLine("## Schedule (drawn from the seed)");
        md.AppendLine();
        md.AppendLine("```");
        foreach (var line in report.Schedule) md.AppendLine(line);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("## The harness process");
        md.AppendLine();
        md.AppendLine("```");
        foreach (var sample in report.Resources) md.AppendLine(sample.ToString());
        md.AppendLine("```");
        md.AppendLine();
        Line($"File descriptors before the cluster started: {string.Join(", ", report.DescriptorsAtStart.Select(k => $"{k.Key} {k.Value}"))}.");
        md.AppendLine();
        Line($"File descriptors after it stopped: {string.Join(", ", report.DescriptorsAtEnd.Select(k => $"{k.Key} {k.Value}"))}.");
        return md.ToString();
    }
}
