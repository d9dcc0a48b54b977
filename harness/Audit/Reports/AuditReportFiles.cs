namespace KafkaChaos.Audit.Reports;

/// <summary>Writes every audit report (JSON, Markdown, HTML, JUnit) into one directory, each file replaced whole.</summary>
internal static class AuditReportFiles
{
    /// <summary>Writes the four files into <paramref name="directory"/>.</summary>
    public static async Task WriteAsync(AuditReport report, AuditVerdict verdict, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await WriteAsync(Path.Combine(directory, AuditJson.FileName), AuditJson.Render(report), cancellationToken);
        await WriteAsync(Path.Combine(directory, AuditMarkdownWriter.FileName), AuditMarkdownWriter.Render(report, verdict), cancellationToken);
        await WriteAsync(Path.Combine(directory, AuditHtmlWriter.FileName), AuditHtmlWriter.Render(report, verdict), cancellationToken);
        await WriteAsync(Path.Combine(directory, AuditJUnitWriter.FileName), AuditJUnitWriter.Render(report, verdict), cancellationToken);
    }

    private static async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
