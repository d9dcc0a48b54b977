namespace KafkaChaos.Reports;

/// <summary>Writes <c>&lt;out&gt;/&lt;scenario&gt;/report.json</c>: one scenario's full outcome.</summary>
internal static class ScenarioReportWriter
{
    /// <summary>The file name inside the scenario's directory.</summary>
    public const string FileName = "report.json";

    /// <summary>The JSON text.</summary>
    public static string Render(ScenarioOutcome outcome) => ReportJson.Serialize(outcome);

    /// <summary>The path the report goes to.</summary>
    public static string PathFor(string outputDirectory, ScenarioOutcome outcome) =>
        Path.Combine(outputDirectory, outcome.Scenario, FileName);

    /// <summary>Writes the report and returns its path.</summary>
    public static async Task<string> WriteAsync(ScenarioOutcome outcome, string outputDirectory, CancellationToken cancellationToken = default)
    {
        var path = PathFor(outputDirectory, outcome);
        await ReportJson.WriteFileAsync(path, Render(outcome), cancellationToken).ConfigureAwait(false);
        return path;
    }
}
