using System.Diagnostics;
using KafkaChaos.Checkers;
using KafkaChaos.Cluster;
using KafkaChaos.Faults;
using KafkaChaos.History;
using KafkaChaos.Reports;
using KafkaChaos.Workload;

namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// One run of one scenario on a running cluster, in phases: fault window (workers + nemesis schedule) → heal →
/// drain → final read → check. Counting triggers are pause gates in the workers, so a fault lands after exactly
/// N operations every run. Owns its workers (<see cref="RunWorkers"/>) and faults (<see cref="NemesisSchedule"/>):
/// <see cref="CleanupAsync"/> kills and heals them on every path.
/// </summary>
internal sealed class ScenarioExecution
{
    private static readonly TimeSpan FinalReadTimeout = TimeSpan.FromSeconds(60);

    private readonly Scenario _scenario;
    private readonly IKafkaCluster _cluster;
    private readonly RunnerOptions _options;
    private readonly string _topic;
    private readonly string _historyDirectory;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, long> _phaseDurations = [];
    private readonly FaultContext _faultContext;
    private readonly TextWriter _log;
    private readonly ClientSettings _clients;
    private readonly RunWorkers _workers;
    private readonly RunObserver _observer;
    private NemesisSchedule? _nemesis;
    private bool _unhealedDamage;

    /// <param name="log">The scenario's log: harness lines and every client's librdkafka lines (thread-safe).</param>
    public ScenarioExecution(Scenario scenario, IKafkaCluster cluster, RunnerOptions options, string topic, string historyDirectory, TextWriter log)
    {
        _log = log;
        _clients = cluster.Clients with { Log = log };
        _scenario = scenario;
        _cluster = cluster;
        _options = options;
        _topic = topic;
        _historyDirectory = historyDirectory;
        _faultContext = new FaultContext(cluster, topic, log);
        _workers = new RunWorkers(scenario, _clients, options, topic, historyDirectory, log);
        _observer = new RunObserver(scenario, cluster, options, _workers, () => _nemesis?.Faults ?? [], topic, () => NowMs);
    }

    private long NowMs => _clock.ElapsedMilliseconds;

    public async Task<ScenarioOutcome> ExecuteAsync(ScenarioOutcome outcome, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_historyDirectory);
        var topicConfigs = new Dictionary<string, string>(_scenario.Topic.Overrides)
        {
            ["min.insync.replicas"] = _scenario.Cluster.MinInsyncReplicas.ToString(),
            ["unclean.leader.election.enable"] = _scenario.Cluster.UncleanLeaderElection ? "true" : "false",
        };
        await _cluster.CreateTopicAsync(new Cluster.TopicSpec(_topic)
        {
            Partitions = _scenario.Topic.Partitions,
            ReplicationFactor = _scenario.Cluster.ReplicationFactor,
            Configs = topicConfigs,
        }, cancellationToken);

        await using var nemesisLog = HistoryWriter.Create(_historyDirectory, "nemesis", _options.TimeProvider);
        var nemesis = _nemesis = new NemesisSchedule(_scenario, _cluster, _faultContext, _workers,
            new WorkerFaults(_scenario, _workers, _clients, _topic, _log), _topic, _log, () => NowMs, nemesisLog);

        if (_scenario.Phases.WarmupMs > 0)
        {
            _observer.Phase("warmup");
            await Task.Delay(_scenario.Phases.WarmupMs, cancellationToken);
        }

        // ---- fault window
        _observer.Phase("faultWindow");
        var gates = _workers.PauseGates();
        var windowStart = NowMs;
        await nemesis.InjectAtStartAsync(cancellationToken);
        await _workers.StartAsync(gates, cancellationToken);

        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scheduled = nemesis.Run(gates, windowStart, window.Token);
        var leaderWatch = _observer.WatchLeadersAsync(window.Token);
        var ticker = _observer.TickAsync(window.Token);

        var windowDone = Task.WhenAll(Task.WhenAll(_workers.Producers.Select(p => p.Completion)), Task.WhenAll(nemesis.Faults.Select(f => f.Injected.ContinueWith(_ => { }, TaskScheduler.Default))));
        await Task.WhenAny(windowDone, Task.Delay(_scenario.Phases.FaultWindowMs, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        _phaseDurations["faultWindow"] = NowMs - windowStart;

        // ---- heal
        _observer.Phase("heal");
        var healStart = NowMs;
        using (var healDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            healDeadline.CancelAfter(_scenario.Phases.HealTimeoutMs);
            await nemesis.HealPhaseAsync(healDeadline.Token, cancellationToken);
            await window.CancelAsync();
            await Task.WhenAll(scheduled.Append(leaderWatch).Append(ticker).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            try
            {
                await ClusterHealth.WaitHealthyAsync(_faultContext, TimeSpan.FromMilliseconds(_scenario.Phases.HealTimeoutMs), cancellationToken);
            }
            catch (TimeoutException ex)
            {
                // Some claims leave damage that healing cannot undo (B9: a record no follower can fetch keeps the ISR
                // short). The evidence is still in the log: read and judge it; cleanup restarts the cluster afterwards.
                _log.WriteLine($"heal: {ex.Message}");
                _unhealedDamage = true;
            }
        }
        _phaseDurations["heal"] = NowMs - healStart;

        // ---- drain
        _observer.Phase("drain");
        var drainStart = NowMs;
        await _workers.DrainAsync(cancellationToken);
        _phaseDurations["drain"] = NowMs - drainStart;

        // ---- final read
        _observer.Phase("finalRead");
        var readStart = NowMs;
        // Saved, then streamed back by the check as the ledgers are: a long run's history is never held in memory.
        var finalReadPath = Path.Combine(_historyDirectory, FinalReadFile.FileName);
        await FinalReadFile.SaveAsync(
            await FinalReader.ReadAsync(_clients, _topic, _scenario.Topic.Partitions, FinalReadTimeout, cancellationToken), finalReadPath, cancellationToken);
        _phaseDurations["finalRead"] = NowMs - readStart;

        // Faults that were never to heal during the run are healed now, after the evidence is in.
        await nemesis.HealRemainingAsync(cancellationToken);

        // ---- check
        _observer.Phase("check");
        var checkStart = NowMs;
        await nemesisLog.FlushAsync(cancellationToken);
        var result = await HistoryChecker.CheckFilesAsync(_historyDirectory, finalReadPath, new CheckOptions { ConsumptionExpected = _workers.Slots.Count > 0 }, cancellationToken);
        var version = KafkaVersion.Parse(_cluster.KafkaVersion.ToString());
        var findingsByKind = result.Findings.ToDictionary(f => CamelCase(f.Kind.ToString()), f => f.Count);
        var verdict = _scenario.Evaluate(result.Counts, result.FailuresByErrorCode, version, findingsByKind);
        _phaseDurations["check"] = NowMs - checkStart;
        _observer.Phase("done");
        var evidence = FaultEvidence();

        var windowSeconds = Math.Max(0.001, _phaseDurations["faultWindow"] / 1000.0);
        return (outcome with
        {
            Counts = result.Counts,
            FailuresByError = result.FailuresByErrorCode,
            Findings = result.Findings.Where(f => f.IsAnomaly || f.Count > 0).Select(ToReportFinding).ToList(),
            ThroughputPerSecond = result.Counts.Acked / windowSeconds,
            PhaseDurationsMs = new Dictionary<string, long>(_phaseDurations),
            Timeline = _observer.BuildTimeline(result, windowStart),
            Settings = outcome.Settings with { Broker = _observer.BrokerSettings(outcome.Settings.Broker) },
            Faults = evidence,
            Error = MissingEvidence(evidence),
        }).WithVerdict(verdict);
    }

    /// <summary>Each scheduled fault's evidence (also after a broken run, for its report).</summary>
    public IReadOnlyList<FaultEvidence> FaultEvidence() => (_nemesis?.Faults ?? []).Select(f => f.Evidence()).ToList();

    /// <summary>
    /// Why the run cannot give a verdict although it completed: a scheduled fault that did not happen (and was not
    /// optional), a worker that died or ended without a planned crash. Null when the evidence is complete.
    /// </summary>
    private string? MissingEvidence(IReadOnlyList<FaultEvidence> evidence)
    {
        var problems = evidence.Where(f => f.Status == Reports.FaultEvidence.Failed).Select(f => $"fault {f.Name} ({f.Fault}) did not happen as scheduled: {f.Reason}")
            .Concat(_workers.Problems).ToList();
        foreach (var problem in problems) _log.WriteLine($"no verdict: {problem}");
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Kills every worker and heals every fault, whatever state the run is in. False when the cluster may be unhealthy.</summary>
    public async Task<bool> CleanupAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _workers.DisposeAllAsync();
        var healthy = _nemesis is null || await _nemesis.CleanupAsync(deadline.Token);
        if (_unhealedDamage) return false; // known not to recover: a fresh cluster is quicker than waiting
        try
        {
            await _cluster.Faults.ResetAsync(deadline.Token);
            await ClusterHealth.WaitHealthyAsync(_faultContext, TimeSpan.FromSeconds(45), deadline.Token);
        }
        catch (Exception ex)
        {
            healthy = false;
            _log.WriteLine($"cleanup: cluster not healthy after {_scenario.Name}: {ex.Message}");
        }
        return healthy;
    }

    private static ReportFinding ToReportFinding(Finding finding) => ReportFinding.Create(
        CamelCase(finding.Kind.ToString()), finding.Count,
        finding.Examples.Select(e => $"{e.Id?.ToString() ?? "?"} p{string.Join('/', e.Partitions)} @{string.Join('/', e.Offsets)} {e.Detail}".Trim()),
        finding.Summary ?? finding.Description);

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
