using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Faults;
using KafkaChaos.Reports;

namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// Runs scenarios one after another. One cluster is shared across scenarios while it stays healthy and fits
/// (same broker count and overrides); a scenario that broke it, or needs another shape, gets a fresh one.
/// Each run gets a fresh topic, so repeated runs never see each other's records.
/// </summary>
internal sealed class ScenarioRunner : IAsyncDisposable
{
    private readonly RunnerOptions _options;
    private IKafkaCluster? _cluster;
    private string? _clusterShape;
    private int _runs;

    public ScenarioRunner(RunnerOptions options) => _options = options;

    /// <summary>The capabilities scenarios may require: the fault kinds (YAML spelling) this runner can inject.</summary>
    public static IReadOnlySet<string> Capabilities { get; } =
        Nemesis.Supported.Concat(WorkerFaults.Kinds).Select(k => ScenarioKeys.EnumText(k)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The Kafka version of the current cluster, if one is running.</summary>
    public Version? KafkaVersion => _cluster?.KafkaVersion;

    /// <summary>What ran the last cluster started (backend, distribution or image and image id); null before the first.</summary>
    public ClusterBackendInfo? Backend { get; private set; }

    /// <summary>Runs one scenario; the outcome carries the verdict, or the error that broke the run. Writes its report.json.</summary>
    public async Task<ScenarioOutcome> RunAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        var started = _options.TimeProvider.GetUtcNow();
        var clock = Stopwatch.StartNew();
        _options.Progress?.Invoke(new RunProgress(scenario.Name, "cluster", 0, 0, 0, 0, []));
        IKafkaCluster cluster;
        try
        {
            cluster = await EnsureClusterAsync(scenario.Cluster, scenario.Faults.Any(f => f.Fault == FaultKind.PageCacheLoss), cancellationToken);
        }
        catch (Exception ex) when (ex is ClusterStartException or Provisioning.ProvisioningException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // A cluster this scenario's broker settings cannot start is that scenario's error, not the run's end.
            _options.Log.WriteLine($"{scenario.Name}: cluster did not start: {ex.Message}");
            var failed = ScenarioOutcome.For(scenario, Scenarios.KafkaVersion.Parse("0")) with
            {
                KafkaVersion = "unknown",
                StartedAt = started,
                DurationMs = clock.ElapsedMilliseconds,
                Error = $"cluster did not start: {FirstLines(ex.Message, 12)}",
            };
            await ScenarioReportWriter.WriteAsync(failed, _options.OutputDirectory, CancellationToken.None);
            return failed;
        }
        var version = Scenarios.KafkaVersion.Parse(cluster.KafkaVersion.ToString());
        var outcome = ScenarioOutcome.For(scenario, version) with { StartedAt = started };

        var applicability = scenario.ApplicabilityFor(version, Capabilities);
        if (!applicability.Applicable)
        {
            outcome = ScenarioOutcome.NotApplicableFor(scenario, version, applicability) with { StartedAt = started, DurationMs = clock.ElapsedMilliseconds };
            await ScenarioReportWriter.WriteAsync(outcome, _options.OutputDirectory, cancellationToken);
            return outcome;
        }

        var run = ++_runs;
        var scenarioDirectory = Path.Combine(_options.OutputDirectory, scenario.Name);
        var historyDirectory = LedgerDirectory(_options.OutputDirectory, scenario.Name);
        if (Directory.Exists(historyDirectory)) Directory.Delete(historyDirectory, recursive: true);
        var topic = $"{scenario.TopicName}-{run}";
        Directory.CreateDirectory(scenarioDirectory);
        using var log = new ScenarioLog(Path.Combine(scenarioDirectory, "harness.log"), _options.Log);
        var execution = new ScenarioExecution(scenario, cluster, _options, topic, historyDirectory, log);
        try
        {
            outcome = await execution.ExecuteAsync(outcome, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            log.WriteLine($"{scenario.Name} broke: {ex}");
            outcome = outcome with { Error = $"{ex.GetType().Name}: {ex.Message}", Faults = execution.FaultEvidence() };
        }
        finally
        {
            if (!await execution.CleanupAsync()) await DropClusterAsync();
        }

        outcome = outcome with { DurationMs = clock.ElapsedMilliseconds };
        await ScenarioReportWriter.WriteAsync(outcome, _options.OutputDirectory, CancellationToken.None);
        return outcome;
    }

    /// <summary>Where a scenario's ledger (and its final read) goes under the report directory.</summary>
    public static string LedgerDirectory(string outputDirectory, string scenario) => Path.Combine(outputDirectory, scenario, "ledger");

    private static string FirstLines(string text, int lines) => string.Join('\n', text.Split('\n').Take(lines));

    private async Task<IKafkaCluster> EnsureClusterAsync(ClusterSpec spec, bool lazyDataDirectories, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string>(_options.Cluster.BrokerOverrides);
        foreach (var (key, value) in spec.BrokerOverrides) overrides[key] = value;
        var shape = $"{spec.Brokers}|{(lazyDataDirectories ? "lazy|" : "")}{string.Join(';', overrides.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"))}";
        if (_cluster is not null && shape == _clusterShape) return _cluster;

        await DropClusterAsync();
        _cluster = await KafkaCluster.StartAsync(_options.Cluster with { Brokers = spec.Brokers, BrokerOverrides = overrides, LazyDataDirectories = lazyDataDirectories },
            _options.Log, cancellationToken);
        _clusterShape = shape;
        Backend = _cluster.Backend;
        return _cluster;
    }

    private async Task DropClusterAsync()
    {
        if (_cluster is null) return;
        await _cluster.DisposeAsync();
        _cluster = null;
        _clusterShape = null;
    }

    public async ValueTask DisposeAsync() => await DropClusterAsync();
}
