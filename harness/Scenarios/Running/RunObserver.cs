using KafkaChaos.Checkers;
using KafkaChaos.Cluster;
using KafkaChaos.Reports;

namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// What a scenario run shows while it runs and keeps for its report: the phase and counters as live progress, the
/// partition leaders' changes, and afterwards the timeline (rates, fault windows, leader changes) and the broker
/// settings in force.
/// </summary>
internal sealed class RunObserver(Scenario scenario, IKafkaCluster cluster, RunnerOptions options, RunWorkers workers, Func<IReadOnlyList<ScheduledFault>> faults,
    string topic, Func<long> nowMs)
{
    private readonly List<LeaderChange> _leaderChanges = [];
    private string _phase = "start";
    private long _lastAcked;

    /// <summary>Enters a phase and reports it.</summary>
    public void Phase(string phase)
    {
        _phase = phase;
        Report();
    }

    /// <summary>Polls the partitions' leaders every 250 ms until cancelled, recording each change.</summary>
    public async Task WatchLeadersAsync(CancellationToken cancellationToken)
    {
        var leaders = new Dictionary<int, int>();
        while (!cancellationToken.IsCancellationRequested)
        {
            for (var p = 0; p < scenario.Topic.Partitions; p++)
            {
                try
                {
                    var state = await cluster.GetPartitionAsync(topic, p, cancellationToken);
                    if (leaders.TryGetValue(p, out var old) && old != state.Leader)
                        _leaderChanges.Add(new LeaderChange(nowMs(), p, old < 0 ? null : old, state.Leader < 0 ? null : state.Leader));
                    leaders[p] = state.Leader;
                }
                catch (Exception ex) when (ex is MetadataUnavailableException or InvalidOperationException)
                {
                    // A fault may hide the state for a moment; the next poll tries again.
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>Reports progress once a second until cancelled.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            Report();
        }
    }

    /// <summary>Rates per second from the check's series, the faults' windows and the leader changes, in ms from the window's start.</summary>
    public Timeline BuildTimeline(CheckResult result, long windowStartMs)
    {
        var series = result.Series;
        var points = Enumerable.Range(0, series.Length)
            .Select(s => new TimelinePoint(s, series.Acks[s], series.Failures[s] + series.Indeterminate[s])).ToList();
        // Series seconds count from the first ledger event, which is the window's start give or take the first send.
        return new Timeline
        {
            Points = points,
            FaultWindows = faults().Where(f => f.InjectedAtMs is not null)
                .Select(f => new FaultWindow(f.Name, f.InjectedAtMs!.Value - windowStartMs, f.HealedAtMs - windowStartMs)).ToList(),
            LeaderChanges = _leaderChanges.Select(c => c with { AtMs = c.AtMs - windowStartMs }).ToList(),
        };
    }

    /// <summary>The requested broker settings plus what the cluster is: version, mode, backend, image, failover tuning, features.</summary>
    public IReadOnlyDictionary<string, string> BrokerSettings(IReadOnlyDictionary<string, string> requested)
    {
        var settings = new Dictionary<string, string>(requested)
        {
            ["kafka.version"] = cluster.KafkaVersion.ToString(),
            ["mode"] = cluster.UsesKRaft ? "KRaft" : "ZooKeeper",
            ["cluster.backend"] = cluster.Backend.Name,
            ["cluster.source"] = cluster.Backend.Source,
        };
        if (cluster.Backend.Id is { } imageId) settings["cluster.image.id"] = imageId;
        foreach (var (key, value) in cluster.Tuning.Describe(cluster.UsesKRaft)) settings[key] = value;
        foreach (var (key, value) in ServerConfig.DescribeFeatures(cluster.KafkaVersion)) settings[key] = value;
        if (cluster.ProxySeed is { } seed) settings["proxy.seed"] = seed.ToString();
        return settings;
    }

    private void Report()
    {
        if (options.Progress is null) return;
        var counters = workers.Producers.Select(p => p.Counters).ToList();
        var acked = counters.Sum(c => c.Acked);
        var errors = counters.Sum(c => c.Failed + c.Indeterminate);
        options.Progress(new RunProgress(scenario.Name, _phase, nowMs(), acked, acked - _lastAcked, errors,
            faults().Where(f => f.IsActive).Select(f => f.Name).ToList()));
        _lastAcked = acked;
    }
}
