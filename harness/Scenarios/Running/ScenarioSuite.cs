using KafkaChaos.Reports;

namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// Scenarios judged together, the same way in <c>chaos run</c> and in the NUnit claim tests: each scenario's own
/// verdict, then its comparison with a sibling (P2 sync vs async, D3 in-flight 1 vs 5), which runs first (loaded from
/// the same directory) when it was not selected. Each outcome's report.json is rewritten with the comparison.
/// </summary>
internal sealed class ScenarioSuite(ScenarioRunner runner, RunnerOptions options)
{
    private readonly Dictionary<string, ScenarioOutcome> _outcomes = new(StringComparer.Ordinal);
    private readonly List<ScenarioOutcome> _order = [];
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);

    /// <summary>Every outcome so far, in run order (a sibling run for a comparison comes before the scenario comparing with it).</summary>
    public IReadOnlyList<ScenarioOutcome> Outcomes => _order;

    /// <summary>Called with each outcome as it is judged (for progress lines).</summary>
    public Action<Scenario, ScenarioOutcome>? Completed { get; init; }

    /// <summary>Runs <paramref name="scenario"/> (and its comparison's sibling, if it has not run yet) and judges it. A scenario that already ran is not run again.</summary>
    public async Task<ScenarioOutcome> RunAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        if (_outcomes.TryGetValue(scenario.Name, out var done)) return done;
        if (!_running.Add(scenario.Name)) throw new InvalidOperationException($"{scenario.Name}: comparisons form a cycle");
        ScenarioOutcome? other = null;
        if (scenario.Compare is { } compare)
            other = _outcomes.GetValueOrDefault(compare.With) ?? (LoadSibling(scenario, compare.With) is { } sibling ? await RunAsync(await sibling, cancellationToken) : null);

        var outcome = await runner.RunAsync(scenario, cancellationToken);
        if (scenario.Compare is { } spec)
        {
            outcome = ComparisonResult.Judge(outcome, spec, other);
            await ScenarioReportWriter.WriteAsync(outcome, options.OutputDirectory, CancellationToken.None);
        }
        _running.Remove(scenario.Name);
        _outcomes[scenario.Name] = outcome;
        _order.Add(outcome);
        Completed?.Invoke(scenario, outcome);
        return outcome;
    }

    /// <summary>Runs every scenario in order.</summary>
    public async Task<IReadOnlyList<ScenarioOutcome>> RunAllAsync(IEnumerable<Scenario> scenarios, CancellationToken cancellationToken = default)
    {
        foreach (var scenario in scenarios) await RunAsync(scenario, cancellationToken);
        return Outcomes;
    }

    /// <summary>The run's report: every outcome, the Kafka version and the runner's capabilities.</summary>
    public RunReport Report(DateTimeOffset startedAt) => new()
    {
        KafkaVersion = runner.KafkaVersion?.ToString() ?? "unknown",
        Cluster = runner.Backend?.ToString() ?? "",
        StartedAt = startedAt,
        DurationMs = (long)(options.TimeProvider.GetUtcNow() - startedAt).TotalMilliseconds,
        Outcomes = Outcomes,
        Capabilities = ScenarioRunner.Capabilities.Order().ToList(),
    };

    /// <summary>The sibling's file beside <paramref name="scenario"/>'s; null when it has none (the comparison is then inconclusive).</summary>
    private static Task<Scenario>? LoadSibling(Scenario scenario, string name)
    {
        if (scenario.SourcePath is null) return null;
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(scenario.SourcePath))!, name + ".yaml");
        return File.Exists(path) ? ScenarioLoader.LoadAsync(path) : null;
    }
}
