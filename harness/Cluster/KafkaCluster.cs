using System.Diagnostics;
using Confluent.Kafka;
using KafkaChaos.Cluster.Docker;
using KafkaChaos.Cluster.Processes;
using KafkaChaos.Provisioning;
using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;

namespace KafkaChaos.Cluster;

/// <summary>
/// A real Apache Kafka cluster: ZooKeeper plus N brokers before 3.3, N combined broker+controller KRaft nodes from
/// 3.3, run as local JVMs or as Docker containers (<see cref="ClusterOptions.Backend"/>; the backend only runs the
/// nodes' command lines, see <see cref="INodeRuntime"/>). Owns every node it starts; disposal stops brokers before
/// ZooKeeper and falls back to SIGKILL, and runs left behind by a killed owner are reaped at the next start.
/// </summary>
internal sealed class KafkaCluster : IKafkaCluster
{
    private const string FatalStartupMarker = "Fatal error during";

    /// <summary>Attempts at starting a cluster when a node finds its port taken (<see cref="PortClashMarker"/>).</summary>
    private const int PortClashAttempts = 3;

    /// <summary>What the JVM says when a listener's port is taken.</summary>
    private const string PortClashMarker = "Address already in use";

    private readonly ClusterOptions _options;
    private readonly RunDirectory _run;
    private readonly TextWriter _log;
    private readonly INodeRuntime _runtime;
    private readonly NodeCommands _commands;
    private readonly ClusterTopology _topology;
    private readonly ClusterMetadata _metadata;
    private INodeProcess? _zooKeeper;
    private IAdminClient? _admin;
    private ToxiproxyClient? _faults;
    private bool _disposed;

    private KafkaCluster(ClusterOptions options, RunDirectory run, TextWriter log, INodeRuntime runtime, ClusterTopology topology)
    {
        _options = options;
        _run = run;
        _log = log;
        _runtime = runtime;
        _commands = new NodeCommands(runtime.KafkaHome);
        _topology = topology;
        _metadata = new ClusterMetadata(topology.Brokers, runtime.KafkaVersion, topology.ZooKeeperPort, options.Tuning);
        Clients = new ClientSettings(string.Join(',', topology.Brokers.Select(b => b.Address.Advertised)), runtime.KafkaVersion);
    }

    public ClusterBackendInfo Backend => _runtime.Info;
    public Version KafkaVersion => _runtime.KafkaVersion;
    public bool UsesKRaft => KafkaVersionInfo.UsesKRaft(KafkaVersion);
    public IReadOnlyList<BrokerNode> Brokers => _topology.Brokers;
    public ClientSettings Clients { get; }
    public string BootstrapServers => Clients.BootstrapServers;
    public string RunDirectory => _run.Path;

    /// <summary>The local Kafka distribution of the process backend.</summary>
    public KafkaDistribution Distribution => (_runtime as ProcessRuntime)?.Distribution
        ?? throw new InvalidOperationException($"The {Backend.Name} backend has no local Kafka distribution.");

    public ToxiproxyClient Faults => _faults ??= new ToxiproxyClient(_topology.ProxyServer?.ControlUri
        ?? throw new InvalidOperationException("This cluster runs without fault proxies (ClusterOptions.Proxied is false)."));

    public int? ProxySeed => _topology.ProxyServer?.Seed;

    /// <inheritdoc cref="IKafkaCluster.BrokerProxyName"/>
    public static string BrokerProxyName(int brokerId) => IKafkaCluster.BrokerProxyName(brokerId);

    /// <inheritdoc cref="IKafkaCluster.ZooKeeperProxyName"/>
    public static string ZooKeeperProxyName(int brokerId) => IKafkaCluster.ZooKeeperProxyName(brokerId);

    /// <summary>ZooKeeper's client port; 0 in KRaft mode.</summary>
    public int ZooKeeperPort => _topology.ZooKeeperPort;

    public FailoverTuning Tuning => _options.Tuning;

    public TimeSpan StartupDuration { get; private set; }

    public BrokerNode Broker(int id) => Brokers.SingleOrDefault(b => b.Id == id)
        ?? throw new ArgumentOutOfRangeException(nameof(id), id, $"No broker {id}; brokers are {string.Join(", ", Brokers.Select(b => b.Id))}.");

    public IReadOnlyDictionary<string, string> EffectiveBrokerSettings => ServerConfig.ForBroker(
        KafkaVersion, Brokers[0].Address, Brokers.Select(b => b.Address).ToList(), Brokers[0].DataDirectory, _options.Tuning, _options.BrokerOverrides);

    /// <summary>
    /// Provisions what is missing (librdkafka; Java and a Kafka distribution, or Docker and an image), reaps stale
    /// runs, starts the cluster and waits until every broker is registered and an RF=N topic has a full ISR.
    /// </summary>
    public static async Task<KafkaCluster> StartAsync(ClusterOptions options, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        log ??= TextWriter.Null;
        var cache = options.CacheRoot is null ? CachePaths.Default : new CachePaths(options.CacheRoot);
        if (options.Backend == ClusterBackend.Docker) await DockerReaper.ReapStaleAsync(log, cancellationToken);
        Cluster.RunDirectory.ReapStale(cache.Runs, log);
        LibrdkafkaLocator.EnsureLoaded(options.LibrdkafkaPath);
        INodeRuntime runtime = options.Backend == ClusterBackend.Docker
            ? await DockerRuntime.CreateAsync(cache, options, log, cancellationToken)
            : await ProcessRuntime.CreateAsync(cache, options, log, cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await StartOnceAsync(options, log, cache, runtime, cancellationToken);
                }
                catch (ClusterStartException ex) when (attempt < PortClashAttempts && ex.Message.Contains(PortClashMarker, StringComparison.Ordinal))
                {
                    // Something outside this harness took a chosen port before its node bound it: choose again.
                    log.WriteLine($"cluster start attempt {attempt}: a port was taken before its node bound it; starting again on other ports");
                }
            }
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }
    }

    private static async Task<KafkaCluster> StartOnceAsync(ClusterOptions options, TextWriter log, CachePaths cache, INodeRuntime runtime,
        CancellationToken cancellationToken)
    {
        var run = Cluster.RunDirectory.Create(cache.Runs);
        var topology = await ClusterTopology.CreateAsync(options, KafkaVersionInfo.UsesKRaft(runtime.KafkaVersion), run, log, cancellationToken);
        var cluster = new KafkaCluster(options, run, log, runtime, topology);
        var clock = Stopwatch.StartNew();
        try
        {
            await cluster.BootAsync(cancellationToken);
            cluster.StartupDuration = clock.Elapsed;
            log.WriteLine($"Kafka {runtime.KafkaVersion} ({(cluster.UsesKRaft ? "KRaft" : "ZooKeeper")}, {runtime.Info}) ready in {clock.Elapsed.TotalSeconds:0.0}s: {cluster.BootstrapServers} (run {run.Path})");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync(keepLogs: true, keepRuntime: true);
            throw;
        }
    }

    private async Task BootAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.StartupTimeout);
        var token = deadline.Token;
        try
        {
            var addresses = Brokers.Select(b => b.Address).ToList();
            foreach (var broker in Brokers)
            {
                Directory.CreateDirectory(broker.DataDirectory);
                if (_options.LazyDataDirectories)
                    broker.LazyData = await Storage.LazyMount.MountAsync(_options.CacheRoot is null ? CachePaths.Default : new CachePaths(_options.CacheRoot),
                        broker.DataDirectory + ".backing", broker.DataDirectory, _log, token);
                var properties = ServerConfig.ForBroker(KafkaVersion, broker.Address, addresses, broker.DataDirectory, _options.Tuning, _options.BrokerOverrides);
                await File.WriteAllTextAsync(broker.ConfigFile, ServerConfig.Render(properties), token);
            }

            if (UsesKRaft) await FormatKRaftStorageAsync(token);
            else await StartZooKeeperAsync(token);

            foreach (var broker in Brokers) await LaunchBrokerAsync(broker, token);
            await WaitForBrokersRegisteredAsync(Brokers.Select(b => b.Id), token);
            var readiness = new TopicSpec("__chaos_ready") { ReplicationFactor = Math.Min(3, Brokers.Count) };
            await CreateTopicAsync(readiness, token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterStartException(
                $"Kafka {KafkaVersion} did not become ready within {_options.StartupTimeout.TotalSeconds:0}s (run {_run.Path}).\n{DescribeNodes()}");
        }
    }

    private async Task StartZooKeeperAsync(CancellationToken cancellationToken)
    {
        var directory = _run.Node("zookeeper");
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        var config = Path.Combine(directory, "zookeeper.properties");
        await File.WriteAllTextAsync(config, ServerConfig.Render(ServerConfig.ForZooKeeper(ZooKeeperPort, Path.Combine(directory, "data"), _options.Tuning)), cancellationToken);
        var zooKeeper = _zooKeeper = await _runtime.LaunchAsync("zookeeper", directory, _commands.ZooKeeper(directory, config), null, cancellationToken);
        while (!await PortAllocator.IsListeningAsync(ZooKeeperPort, cancellationToken))
        {
            if (zooKeeper.HasExited)
                throw new ClusterStartException($"ZooKeeper exited ({zooKeeper.ExitDescription}) during start (port {ZooKeeperPort}).\n{zooKeeper.OutputTail()}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private async Task FormatKRaftStorageAsync(CancellationToken cancellationToken)
    {
        // All nodes of one cluster share a cluster id: 16 random bytes, base64url without padding.
        var clusterId = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        foreach (var broker in Brokers)
        {
            var result = await _runtime.RunToolAsync(broker.Directory, _commands.FormatStorage(clusterId, broker.ConfigFile), null, TimeSpan.FromMinutes(2), cancellationToken);
            if (result.ExitCode != 0)
                throw new ClusterStartException($"Formatting KRaft storage of broker {broker.Id} failed (exit {result.ExitCode}).\n{result.Tail()}");
        }
    }

    private async Task LaunchBrokerAsync(BrokerNode broker, CancellationToken cancellationToken)
    {
        broker.Process = await _runtime.LaunchAsync($"broker-{broker.Id}", broker.Directory,
            _commands.Broker(broker.Directory, _options.BrokerHeapMb, broker.ConfigFile), broker.Process, cancellationToken);
        broker.State = BrokerState.Running;
    }

    // ---- control ------------------------------------------------------------------------------

    public async Task KillBrokerAsync(int id, CancellationToken cancellationToken = default)
    {
        var broker = Broker(id);
        if (broker.Process is { } process) await process.KillAsync(cancellationToken);
        broker.State = BrokerState.Killed;
        _log.WriteLine($"killed broker {id}");
    }

    public async Task StopBrokerAsync(int id, CancellationToken cancellationToken = default)
    {
        var broker = Broker(id);
        if (broker.Process is { } process && !await process.StopAsync(_options.StopTimeout, cancellationToken))
            _log.WriteLine($"broker {id} did not stop within {_options.StopTimeout.TotalSeconds:0}s; killed");
        broker.State = BrokerState.Stopped;
    }

    public async Task StartBrokerAsync(int id, CancellationToken cancellationToken = default)
    {
        var broker = Broker(id);
        if (broker.Process is { HasExited: false })
            throw new InvalidOperationException($"Broker {id} is still running ({broker.State}).");
        await _metadata.WaitForBrokerDeregisteredAsync(id, cancellationToken);
        await LaunchBrokerAsync(broker, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.StartupTimeout);
        try
        {
            await WaitForBrokersRegisteredAsync([id], deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterStartException($"Broker {id} did not register within {_options.StartupTimeout.TotalSeconds:0}s.\n{broker.LogTail()}");
        }
    }

    public async Task PauseBrokerAsync(int id, CancellationToken cancellationToken = default)
    {
        var broker = Broker(id);
        broker.PausedSince = DateTime.UtcNow;
        if (broker.Process is { } process) await process.PauseAsync(cancellationToken);
        broker.State = BrokerState.Paused;
    }

    public async Task ResumeBrokerAsync(int id, CancellationToken cancellationToken = default)
    {
        var broker = Broker(id);
        if (broker.Process is { } process) await process.ResumeAsync(cancellationToken);
        broker.State = BrokerState.Running;
        await WaitForRejoinAsync([id], broker.PausedSince ?? DateTime.UtcNow, cancellationToken);
    }

    public Task WaitForRejoinAsync(IReadOnlyCollection<int> ids, DateTime unreachableSince, CancellationToken cancellationToken) =>
        _metadata.WaitForRejoinAsync(ids, unreachableSince, ThrowIfAnyNodeExited, cancellationToken);

    // ---- questions ----------------------------------------------------------------------------

    public Task<PartitionState> GetPartitionAsync(string topic, int partition, CancellationToken cancellationToken = default) =>
        _metadata.GetPartitionAsync(topic, partition, cancellationToken);

    public Task<IReadOnlyList<int>> GetRegisteredBrokersAsync(CancellationToken cancellationToken = default) =>
        _metadata.GetRegisteredBrokersAsync(cancellationToken);

    public Task<int?> GetControllerAsync(CancellationToken cancellationToken = default) => _metadata.GetControllerAsync(cancellationToken);

    public Task<PartitionState> WaitForPartitionAsync(string topic, int partition, Func<PartitionState, bool> condition,
        string description, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _metadata.WaitForPartitionAsync(topic, partition, condition, description, timeout, cancellationToken);

    public Task<PartitionState> WaitForLeaderChangeAsync(string topic, int partition, int oldLeader, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForPartitionAsync(topic, partition, s => s.HasLeader && s.Leader != oldLeader, $"{topic}-{partition} to elect a leader other than {oldLeader}", timeout, cancellationToken);

    public Task<PartitionState> WaitForIsrSizeAsync(string topic, int partition, int size, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForPartitionAsync(topic, partition, s => s.Isr.Count == size, $"{topic}-{partition} ISR size {size}", timeout, cancellationToken);

    public Task WaitForBrokersRegisteredAsync(IEnumerable<int> ids, CancellationToken cancellationToken) =>
        _metadata.WaitForBrokersRegisteredAsync(ids, ThrowIfAnyNodeExited, cancellationToken);

    /// <summary>
    /// Creates a topic (through ZooKeeper before 0.10.1, the CreateTopics API after) and waits for a full ISR on every
    /// partition and until every running broker's metadata knows it.
    /// </summary>
    public async Task CreateTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default)
    {
        var assignment = spec.ResolveAssignment(Brokers.Select(b => b.Id).ToList());
        if (KafkaVersionInfo.SupportsCreateTopicsRequest(KafkaVersion))
        {
            await Admin.CreateTopicsAsync([new Confluent.Kafka.Admin.TopicSpecification
            {
                Name = spec.Name,
                ReplicasAssignments = assignment.Select((replicas, p) => (p, replicas.ToList())).ToDictionary(x => x.p, x => x.Item2),
                Configs = spec.Configs.ToDictionary(),
            }]);
        }
        else
        {
            // "y": the tool asks before accepting a max.message.bytes above the replica fetch size.
            var result = await _runtime.RunToolAsync(_run.Path, _commands.CreateTopicThroughZooKeeper(ZooKeeperPort, spec, assignment), "y\n",
                TimeSpan.FromMinutes(2), cancellationToken);
            if (result.ExitCode != 0 || result.Output.Contains("Error while executing topic command", StringComparison.Ordinal))
                throw new InvalidOperationException($"Creating topic {spec.Name} failed (exit {result.ExitCode}):\n{result.Tail()}");
        }

        for (var p = 0; p < assignment.Count; p++)
        {
            var replicas = assignment[p];
            try
            {
                await WaitForPartitionAsync(spec.Name, p, s => s.HasLeader && s.Isr.Count == replicas.Count,
                    $"{spec.Name}-{p} to have a leader and a full ISR", _options.StartupTimeout, cancellationToken);
            }
            catch (TimeoutException timeout)
            {
                throw new TimeoutException($"{timeout.Message}\n{await _metadata.DescribeControlAsync(cancellationToken)}\n"
                    + BrokerLogDiagnosis.Partition(Brokers, spec.Name, p), timeout);
            }
        }
        await _metadata.WaitForTopicEverywhereAsync(spec.Name, assignment.Count, _options.StartupTimeout, cancellationToken);
    }

    // ---- teardown -----------------------------------------------------------------------------

    public ValueTask DisposeAsync() => DisposeAsync(keepLogs: _options.KeepRunDirectory, keepRuntime: false);

    private async ValueTask DisposeAsync(bool keepLogs, bool keepRuntime)
    {
        if (_disposed) return;
        _disposed = true;
        var clock = Stopwatch.StartNew();
        _admin?.Dispose();
        // Brokers first: a broker's controlled shutdown hangs when ZooKeeper is already gone.
        await Task.WhenAll(Brokers.Select(async b =>
        {
            if (b.Process is { } process)
            {
                await process.StopAsync(_options.StopTimeout, CancellationToken.None);
                await process.DisposeAsync();
            }
        }));
        foreach (var broker in Brokers)
            if (broker.LazyData is { } lazy) await lazy.DisposeAsync();
        if (_zooKeeper is not null)
        {
            await _zooKeeper.StopAsync(_options.StopTimeout, CancellationToken.None);
            await _zooKeeper.DisposeAsync();
        }
        _faults?.Dispose();
        _metadata.Dispose();
        // Last: brokers' controlled shutdown still talked to ZooKeeper and to each other through it.
        if (_topology.ProxyServer is not null) await _topology.ProxyServer.DisposeAsync();
        if (!keepRuntime) await _runtime.DisposeAsync();
        if (!keepLogs) _run.Delete();
        else
        {
            _run.Keep();
            _log.WriteLine($"run directory kept: {_run.Path}");
        }
        _log.WriteLine($"cluster stopped in {clock.Elapsed.TotalSeconds:0.0}s");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private IAdminClient Admin => _admin ??= new AdminClientBuilder(Clients.Admin()).SetLogHandler((_, _) => { }).Build();

    private void ThrowIfAnyNodeExited(IEnumerable<int> brokerIds)
    {
        foreach (var broker in brokerIds.Select(Broker))
        {
            if (broker.Process is { HasExited: true } process)
                throw new ClusterStartException($"Broker {broker.Id} exited ({process.ExitDescription}) during start.\n{broker.LogTail()}");
            // Older brokers log a fatal start-up error and then hang in shutdown instead of exiting.
            if (broker.Process is { } running && running.OutputTail(200).Contains(FatalStartupMarker, StringComparison.Ordinal))
                throw new ClusterStartException($"Broker {broker.Id} exited: fatal error during start.\n{broker.LogTail()}");
        }
        if (_zooKeeper is { HasExited: true })
            throw new ClusterStartException($"ZooKeeper exited ({_zooKeeper.ExitDescription}).\n{_zooKeeper.OutputTail()}");
    }

    private string DescribeNodes() => string.Join('\n', Brokers.Select(b => $"{b}\n{b.LogTail(15)}"));
}
