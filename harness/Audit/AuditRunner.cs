using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Scenarios.Running;

namespace KafkaChaos.Audit;

/// <summary>
/// Runs the battery for one or two configurations through the ordinary <see cref="ScenarioRunner"/>: one cluster
/// for everything while it stays healthy, each template run for every configuration back to back (same seed, same
/// schedule). Cancellation stops after cleanup; what finished is returned, the rest marked not run.
/// </summary>
internal sealed class AuditRunner
{
    private readonly RunnerOptions _options;
    private readonly Action<string> _progress;

    /// <param name="options">Where the scenarios' reports go and how the cluster starts.</param>
    /// <param name="progress">One line per finished run.</param>
    public AuditRunner(RunnerOptions options, Action<string> progress)
    {
        _options = options;
        _progress = progress;
    }

    /// <summary>Runs every template for every configuration; <paramref name="checkpoint"/> gets the report so far after each run (so a killed audit still leaves what finished).</summary>
    public async Task<AuditReport> RunAsync(IReadOnlyList<Scenario> templates, IReadOnlyList<AuditConfiguration> configurations,
        Func<AuditReport, Task>? checkpoint, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = configurations.ToDictionary(c => c.Label, _ => new List<MatrixRow>());
        var interrupted = false;
        string version = "unknown", cluster = "";
        await using (var runner = new ScenarioRunner(_options))
        {
            foreach (var template in templates)
            {
                foreach (var configuration in configurations)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        interrupted = true;
                        rows[configuration.Label].Add(AuditMatrix.NotRun(template, configuration, "not run: the audit was interrupted"));
                        continue;
                    }
                    var scenario = AuditOverlay.Apply(template, configuration);
                    ScenarioOutcome outcome;
                    try
                    {
                        outcome = await runner.RunAsync(scenario, cancellationToken);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        interrupted = true;
                        rows[configuration.Label].Add(AuditMatrix.NotRun(template, configuration, "not run: the audit was interrupted"));
                        continue;
                    }
                    version = runner.KafkaVersion?.ToString() ?? outcome.KafkaVersion;
                    cluster = runner.Backend?.ToString() ?? cluster;
                    var ledger = ScenarioRunner.LedgerDirectory(_options.OutputDirectory, scenario.Name);
                    var latency = outcome.Verdict is Verdict.Passed or Verdict.Failed ? await AckLatency.OfAsync(ledger, CancellationToken.None) : (null, null);
                    var row = AuditMatrix.Row(template, outcome, configuration, latency);
                    rows[configuration.Label].Add(row);
                    _progress($"{configuration.Label,-8} {template.Name,-34} {Summary(row)} ({outcome.DurationMs / 1000.0:0.0}s)");
                    if (checkpoint is not null) await checkpoint(Report(configurations, rows, version, cluster, started, clock.ElapsedMilliseconds, interrupted: true));
                }
            }
        }
        return Report(configurations, rows, version, cluster, started, clock.ElapsedMilliseconds, interrupted);
    }

    private static AuditReport Report(IReadOnlyList<AuditConfiguration> configurations, Dictionary<string, List<MatrixRow>> rows, string version,
        string cluster, DateTimeOffset started, long durationMs, bool interrupted)
    {
        return new AuditReport
        {
            KafkaVersion = version,
            Cluster = cluster,
            StartedAt = started,
            DurationMs = durationMs,
            Interrupted = interrupted,
            Configurations = configurations.Select(c => new ConfigurationAudit(c.Label,
                [$"producer: {c.Producer.Source}", $"consumer: {c.Consumer.Source}", $"topic: {c.Topic.Source}"],
                c.Effective(), c.Producer.Notes.Concat(c.Consumer.Notes).ToList(), rows[c.Label].ToList())).ToList(),
        };
    }

    private static string Summary(MatrixRow row) => row.State switch
    {
        CellState.Measured => string.Join(" ", row.Cells.Where(c => c.State == CellState.Measured).Select(c => $"{Guarantees.Key(c.Guarantee)}={c.Count}{(c.Contradiction ? "!" : "")}")),
        _ => $"{row.State}: {row.Reason}",
    };
}
