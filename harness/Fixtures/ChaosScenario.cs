using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Scenarios.Running;

namespace KafkaChaos.Fixtures;

/// <summary>
/// A kafka-chaos YAML scenario (workers, fault schedule, expectations; see the project's <c>scenarios/</c>) to run on a
/// <see cref="ChaosCluster"/> you started. Start the cluster with <see cref="Brokers"/> brokers and the scenario's
/// <see cref="BrokerSettings"/>. Scenarios whose workers run as child processes need the chaos tool
/// (<c>$KAFKA_CHAOS_TOOL</c>); without it their run reports a clear error.
/// </summary>
/// <example><code>
/// var scenario = ChaosScenario.Load("scenarios/b2-acks1-leader-kill.yaml");
/// await using var cluster = await ChaosCluster.StartAsync(new() { Brokers = scenario.Brokers, BrokerSettings = scenario.BrokerSettings });
/// (await scenario.RunAsync(cluster)).AssertPassed();
/// </code></example>
public sealed class ChaosScenario
{
    private readonly Scenario _scenario;

    private ChaosScenario(Scenario scenario) => _scenario = scenario;

    /// <summary>Loads and validates a scenario file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <exception cref="InvalidDataException">The file is not a valid scenario; the message lists every problem with its line.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static ChaosScenario Load(string path)
    {
        try
        {
            return new ChaosScenario(ScenarioLoader.Load(path));
        }
        catch (ScenarioLoadException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>The scenario's name (its file name without extension).</summary>
    public string Name => _scenario.Name;

    /// <summary>The claim it tests, e.g. <c>B2</c>.</summary>
    public string Claim => _scenario.Claim;

    /// <summary>One line saying what it shows.</summary>
    public string Title => _scenario.Title;

    /// <summary>The brokers the scenario needs.</summary>
    public int Brokers => _scenario.Cluster.Brokers;

    /// <summary>The server.properties the scenario needs on every broker (<see cref="ChaosClusterOptions.BrokerSettings"/>).</summary>
    public IReadOnlyDictionary<string, string> BrokerSettings => _scenario.Cluster.BrokerOverrides;

    /// <summary>
    /// Runs the scenario on <paramref name="cluster"/> (on a topic of its own) and judges its expectations; writes
    /// <c>report.json</c>, the ledger and <c>harness.log</c> under <paramref name="outputDirectory"/>/<see cref="Name"/>.
    /// A scenario that does not apply to the cluster's Kafka version says so (<see cref="ScenarioResult.Applicable"/>).
    /// </summary>
    /// <param name="cluster">A cluster with <see cref="Brokers"/> brokers and <see cref="BrokerSettings"/>.</param>
    /// <param name="outputDirectory">Where reports go. Default <c>chaos-reports</c> in the current directory.</param>
    /// <param name="cancellationToken">Cancels the run; its workers and faults are stopped and healed.</param>
    /// <exception cref="ArgumentException">The cluster's brokers or broker settings differ from what the scenario needs.</exception>
    public async Task<ScenarioResult> RunAsync(ChaosCluster cluster, string? outputDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        RequireShape(cluster);
        var output = Path.GetFullPath(outputDirectory ?? "chaos-reports");
        var options = new RunnerOptions { OutputDirectory = output, Log = cluster.Log };
        var version = Scenarios.KafkaVersion.Parse(cluster.KafkaVersion.ToString());
        var started = DateTimeOffset.UtcNow;
        var outcome = ScenarioOutcome.For(_scenario, version) with { StartedAt = started };
        var applicability = _scenario.ApplicabilityFor(version, ScenarioRunner.Capabilities);
        if (!applicability.Applicable)
        {
            outcome = ScenarioOutcome.NotApplicableFor(_scenario, version, applicability) with { StartedAt = started };
        }
        else
        {
            var directory = Path.Combine(output, _scenario.Name);
            var ledger = ScenarioRunner.LedgerDirectory(output, _scenario.Name);
            if (Directory.Exists(ledger)) Directory.Delete(ledger, recursive: true);
            Directory.CreateDirectory(directory);
            using var log = new ScenarioLog(Path.Combine(directory, "harness.log"), cluster.Log);
            var execution = new ScenarioExecution(_scenario, cluster.Inner, options, $"{_scenario.TopicName}-{Guid.NewGuid().ToString("N")[..8]}", ledger, log);
            try
            {
                outcome = await execution.ExecuteAsync(outcome, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                log.WriteLine($"{_scenario.Name} broke: {ex}");
                outcome = outcome with { Error = $"{ex.GetType().Name}: {ex.Message}" };
            }
            finally
            {
                await execution.CleanupAsync().ConfigureAwait(false);
            }
        }
        outcome = outcome with { DurationMs = (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds };
        await ScenarioReportWriter.WriteAsync(outcome, output, CancellationToken.None).ConfigureAwait(false);
        return new ScenarioResult(outcome, Path.Combine(output, _scenario.Name));
    }

    private void RequireShape(ChaosCluster cluster)
    {
        if (cluster.BrokerIds.Count != Brokers)
            throw new ArgumentException($"Scenario {Name} needs {Brokers} brokers; the cluster has {cluster.BrokerIds.Count}.", nameof(cluster));
        var missing = BrokerSettings.Where(kv => !cluster.BrokerSettings.TryGetValue(kv.Key, out var value) || value != kv.Value).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"Scenario {Name} needs broker settings {string.Join(", ", missing.Select(kv => $"{kv.Key}={kv.Value}"))}; " +
                "start the cluster with BrokerSettings = scenario.BrokerSettings.", nameof(cluster));
    }
}
