namespace KafkaChaos.Reports;

/// <summary>Writes <c>&lt;out&gt;/summary.json</c>: run-level totals and per-scenario verdicts (the baseline format).</summary>
internal static class SummaryJsonWriter
{
    /// <summary>The file name in the output directory.</summary>
    public const string FileName = "summary.json";

    /// <summary>The JSON text.</summary>
    public static string Render(RunReport run) => ReportJson.Serialize(RunSummary.From(run));

    /// <summary>Writes the summary and returns its path.</summary>
    public static async Task<string> WriteAsync(RunReport run, string outputDirectory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(outputDirectory, FileName);
        await ReportJson.WriteFileAsync(path, Render(run), cancellationToken).ConfigureAwait(false);
        return path;
    }
}
