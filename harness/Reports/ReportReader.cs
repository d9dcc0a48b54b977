namespace KafkaChaos.Reports;

/// <summary>Loads a previous run's output directory (for <c>chaos report DIR</c> and baselines).</summary>
internal static class ReportReader
{
    /// <summary>Reads <c>summary.json</c> from a report directory, or the given file.</summary>
    /// <exception cref="FileNotFoundException">No summary there.</exception>
    /// <exception cref="System.Text.Json.JsonException">The file is not a summary.</exception>
    public static async Task<RunSummary> ReadSummaryAsync(string directoryOrFile, CancellationToken cancellationToken = default)
    {
        var path = Directory.Exists(directoryOrFile) ? Path.Combine(directoryOrFile, SummaryJsonWriter.FileName) : directoryOrFile;
        if (!File.Exists(path)) throw new FileNotFoundException($"no {SummaryJsonWriter.FileName} at '{directoryOrFile}'", path);
        return ReportJson.Deserialize<RunSummary>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads one <c>report.json</c>.</summary>
    public static async Task<ScenarioOutcome> ReadOutcomeAsync(string path, CancellationToken cancellationToken = default) =>
        ReportJson.Deserialize<ScenarioOutcome>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Reads a whole report directory back into a <see cref="RunReport"/> (so the writers can render it again):
    /// the summary for run metadata and order, and every <c>&lt;scenario&gt;/report.json</c>.
    /// </summary>
    public static async Task<RunReport> ReadRunAsync(string directory, CancellationToken cancellationToken = default)
    {
        var summary = await ReadSummaryAsync(directory, cancellationToken).ConfigureAwait(false);
        var outcomes = new Dictionary<string, ScenarioOutcome>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, ScenarioReportWriter.FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var outcome = await ReadOutcomeAsync(file, cancellationToken).ConfigureAwait(false);
            outcomes[outcome.Scenario] = outcome;
        }
        // A scenario listed in the summary whose report.json is missing is rebuilt from its summary line.
        foreach (var line in summary.Scenarios.Where(s => !outcomes.ContainsKey(s.Scenario)))
            outcomes[line.Scenario] = FromSummary(line, summary.KafkaVersion);
        var order = summary.Scenarios.Select(s => s.Scenario).ToList();
        var ordered = order.Select(n => outcomes[n])
            .Concat(outcomes.Values.Where(o => !order.Contains(o.Scenario)).OrderBy(o => o.Scenario, StringComparer.Ordinal))
            .ToList();
        return new RunReport
        {
            KafkaVersion = summary.KafkaVersion,
            Cluster = summary.Cluster,
            StartedAt = summary.StartedAt,
            DurationMs = summary.DurationMs,
            Outcomes = ordered,
            Capabilities = summary.Capabilities,
            Baseline = summary.Baseline,
        };
    }

    private static ScenarioOutcome FromSummary(ScenarioSummary line, string kafkaVersion) => new()
    {
        Scenario = line.Scenario,
        Claim = line.Claim,
        Title = line.Title,
        KafkaVersion = kafkaVersion,
        Passed = line.Passed,
        Applicable = line.Applicable,
        NotApplicableReason = line.Verdict == Verdict.NotApplicable ? line.Reason : null,
        Error = line.Verdict == Verdict.Error ? line.Reason ?? "run error" : null,
        Counts = line.Counts,
        DurationMs = line.DurationMs,
        ThroughputPerSecond = line.ThroughputPerSecond,
        Expected = line.FailedConditions.Select(text => new ExpectedCondition(text, 0, false) { Inconclusive = line.Verdict == Verdict.Inconclusive }).ToList(),
    };
}
