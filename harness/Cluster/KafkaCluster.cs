using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Confluent.Kafka;
using KafkaChaos.Provisioning;
using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;

namespace KafkaChaos.Cluster;

/// <summary>
/// A real Apache Kafka cluster of local JVM processes: ZooKeeper plus N brokers before 3.3, N combined
/// broker+controller KRaft nodes from 3.3. Owns every process it starts; disposal stops brokers before
/// ZooKeeper and falls back to kill -9, and runs left behind by a killed owner are reaped at the next start.
/// </summary>
public sealed class KafkaCluster : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(2);
    private const string FatalStartupMarker = "Fatal error during";

    private readonly ClusterOptions _options;
    private readonly RunDirectory _run;
    private readonly TextWriter _log;
    private readonly JavaRuntime _java;
    private readonly List<BrokerNode> _brokers;
    private readonly ProxyServer? _proxyServer;
    private JvmProcess? _zooKeeper;
    private IAdminClient? _admin;
    private ToxiproxyClient? _faults;
    private ZooKeeperReader? _zooKeeperReader;
    private bool _disposed;

    private KafkaCluster(ClusterOptions options, RunDirectory run, TextWriter log, JavaRuntime java, KafkaDistribution distribution,
        List<BrokerNode> brokers, int zooKeeperPort, ProxyServer? proxyServer)
    {
        _proxyServer = proxyServer;
        _options = options;
        _run = run;
        _log = log;
        _java = java;
        Distribution = distribution;
        _brokers = brokers;
        ZooKeeperPort = zooKeeperPort;
        Clients = new ClientSettings(string.Join(',', brokers.Select(b => b.Address.Advertised)), distribution.Version);
    }

    public KafkaDistribution Distribution { get; }
    public Version KafkaVersion => Distribution.Version;
    public bool UsesKRaft => Distribution.UsesKRaft;
    public IReadOnlyList<BrokerNode> Brokers => _brokers;
    public ClientSettings Clients { get; }
    public string BootstrapServers => Clients.BootstrapServers;
    public string RunDirectory => _run.Path;

    /// <summary>
    /// The fault proxy's control client (Toxiproxy's HTTP API). Faults use only this, so a real Toxiproxy
    /// server could stand in. Proxies are named <see cref="BrokerProxyName"/> and <see cref="ZooKeeperProxyName"/>.
    /// </summary>
    public ToxiproxyClient Faults => _faults ??= new ToxiproxyClient(_proxyServer?.ControlUri
        ?? throw new InvalidOperationException("This cluster runs without fault proxies (ClusterOptions.Proxied is false)."));

    /// <summary>The seed of the fault proxy's random choices, or null without proxies.</summary>
    public int? ProxySeed => _proxyServer?.Seed;

    /// <summary>The fault proxy in front of broker <paramref name="brokerId"/>.</summary>
    public static string BrokerProxyName(int brokerId) => $"broker-{brokerId}";

    /// <summary>The fault proxy on broker <paramref name="brokerId"/>'s link to ZooKeeper (ZooKeeper mode only).</summary>
    public static string ZooKeeperProxyName(int brokerId) => $"zookeeper-{brokerId}";

    /// <summary>ZooKeeper's client port; 0 in KRaft mode.</summary>
    public int ZooKeeperPort { get; }

    public FailoverTuning Tuning => _options.Tuning;

    /// <summary>How long the last <see cref="StartAsync"/> took until ready.</summary>
    public TimeSpan StartupDuration { get; private set; }

    public BrokerNode Broker(int id) => _brokers.SingleOrDefault(b => b.Id == id)
        ?? throw new ArgumentOutOfRangeException(nameof(id), id, $"No broker {id}; brokers are {string.Join(", ", _brokers.Select(b => b.Id))}.");

    /// <summary>The effective server.properties of broker 1 (all brokers share them but for ids and ports), for reports.</summary>
    public IReadOnlyDictionary<string, string> EffectiveBrokerSettings => ServerConfig.ForBroker(
        KafkaVersion, _brokers[0].Address, _brokers.Select(b => b.Address).ToList(), _brokers[0].DataDirectory, _options.Tuning, _options.BrokerOverrides);

    /// <summary>
    /// Provisions what is missing (Java check, librdkafka, Kafka distribution), reaps stale runs, starts the
    /// cluster and waits until every broker is registered and an RF=N topic has a full ISR.
    /// </summary>
    public static async Task<KafkaCluster> StartAsync(ClusterOptions options, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        log ??= TextWriter.Null;
        var cache = options.CacheRoot is null ? CachePaths.Default : new CachePaths(options.CacheRoot);
        Cluster.RunDirectory.ReapStale(cache.Runs, log);

        var java = await JavaRuntime.LocateAsync(cancellationToken);
        await LibrdkafkaLocator.EnsureLoadedAsync(cache, options.LibrdkafkaPath, log, cancellationToken);
        var distribution = await KafkaDistributionLocator.LocateAsync(cache, options.KafkaHome, log, cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(options, log, cache, java, distribution, cancellationToken);
            }
            catch (ClusterStartException ex) when (attempt < PortClashAttempts && ex.Message.Contains(PortClashMarker, StringComparison.Ordinal))
            {
                // Something outside this harness took a chosen port before its node bound it: choose again.
                log.WriteLine($"cluster start attempt {attempt}: a port was taken before its node bound it; starting again on other ports");
            }
        }
    }

    /// <summary>Attempts at starting a cluster when a node finds its port taken (<see cref="PortClashMarker"/>).</summary>
    private const int PortClashAttempts = 3;

    /// <summary>What the JVM says when a listener's port is taken.</summary>
    private const string PortClashMarker = "Address already in use";

    private static async Task<KafkaCluster> StartOnceAsync(ClusterOptions options, TextWriter log, CachePaths cache, JavaRuntime java,
        KafkaDistribution distribution, CancellationToken cancellationToken)
    {
        var run = Cluster.RunDirectory.Create(cache.Runs);
        var kraft = distribution.UsesKRaft;
        var ports = PortAllocator.Take(1 + options.Brokers * 2);
        var zooKeeperPort = kraft ? 0 : ports[0];
        var proxyServer = options.Proxied
            ? await ProxyServer.StartAsync(new ProxyServerOptions { ControlPort = 0, Seed = options.ProxySeed, Log = log.WriteLine }, cancellationToken)
            : null;
        var brokers = new List<BrokerNode>();
        for (var id = 1; id <= options.Brokers; id++)
        {
            var listen = ports[id * 2 - 1];
            var advertised = listen;
            var zooKeeperConnect = kraft ? "" : $"{BrokerAddress.Host}:{zooKeeperPort}";
            if (proxyServer is not null)
            {
                var proxy = await proxyServer.CreateProxyAsync(
                    new ProxyDefinition(BrokerProxyName(id), $"{BrokerAddress.Host}:0", $"{BrokerAddress.Host}:{listen}", Protocol: ProxyProtocol.Kafka), cancellationToken);
                advertised = proxy.ListenPort;
                if (!kraft)
                {
                    var zooKeeperProxy = await proxyServer.CreateProxyAsync(
                        new ProxyDefinition(ZooKeeperProxyName(id), $"{BrokerAddress.Host}:0", zooKeeperConnect), cancellationToken);
                    zooKeeperConnect = $"{BrokerAddress.Host}:{zooKeeperProxy.ListenPort}";
                }
            }
            var directory = run.Node($"broker-{id}");
            brokers.Add(new BrokerNode(new BrokerAddress(id, listen, advertised, kraft ? ports[id * 2] : 0, zooKeeperConnect),
                directory, Path.Combine(directory, "server.properties")));
        }

        var cluster = new KafkaCluster(options, run, log, java, distribution, brokers, zooKeeperPort, proxyServer);
        var clock = Stopwatch.StartNew();
        try
        {
            await cluster.BootAsync(cancellationToken);
            cluster.StartupDuration = clock.Elapsed;
            log.WriteLine($"Kafka {distribution.Version} ({(kraft ? "KRaft" : "ZooKeeper")}) ready in {clock.Elapsed.TotalSeconds:0.0}s: {cluster.BootstrapServers} (run {run.Path})");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync(keepLogs: true);
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
            var addresses = _brokers.Select(b => b.Address).ToList();
            foreach (var broker in _brokers)
            {
                Directory.CreateDirectory(broker.DataDirectory);
                var properties = ServerConfig.ForBroker(KafkaVersion, broker.Address, addresses, broker.DataDirectory, _options.Tuning, _options.BrokerOverrides);
                await File.WriteAllTextAsync(broker.ConfigFile, ServerConfig.Render(properties), token);
            }

            if (UsesKRaft)
            {
                await FormatKRaftStorageAsync(token);
            }
            else
            {
                await StartZooKeeperAsync(token);
            }

            foreach (var broker in _brokers) LaunchBroker(broker);
            await WaitForBrokersRegisteredAsync(_brokers.Select(b => b.Id), token);
            var readiness = new TopicSpec("__chaos_ready") { ReplicationFactor = Math.Min(3, _brokers.Count) };
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
        _zooKeeper = JvmProcess.Start(_java.Executable,
            [.. JvmArguments(directory, 128), "org.apache.zookeeper.server.quorum.QuorumPeerMain", config], "zookeeper", directory);
        await WaitUntilAsync(async ct =>
        {
            if (_zooKeeper.HasExited)
                throw new ClusterStartException($"ZooKeeper exited with code {_zooKeeper.ExitCode} during start (port {ZooKeeperPort}).\n{_zooKeeper.OutputTail()}");
            return await PortAllocator.IsListeningAsync(ZooKeeperPort, ct);
        }, cancellationToken);
    }

    private async Task FormatKRaftStorageAsync(CancellationToken cancellationToken)
    {
        // All nodes of one cluster share a cluster id: 16 random bytes, base64url without padding.
        var clusterId = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        foreach (var broker in _brokers)
        {
            var result = await ExternalCommand.RunAsync(_java.Executable,
                ["-cp", Distribution.ClassPath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", broker.ConfigFile, "--ignore-formatted"],
                broker.Directory, TimeSpan.FromMinutes(2), cancellationToken);
            if (result.ExitCode != 0)
                throw new ClusterStartException($"Formatting KRaft storage of broker {broker.Id} failed (exit {result.ExitCode}).\n{result.Tail()}");
        }
    }

    private void LaunchBroker(BrokerNode broker)
    {
        broker.Process?.Dispose();
        broker.Process = JvmProcess.Start(_java.Executable,
            [.. JvmArguments(broker.Directory, _options.BrokerHeapMb), "kafka.Kafka", broker.ConfigFile], $"broker-{broker.Id}", broker.Directory);
        broker.State = BrokerState.Running;
    }

    private List<string> JvmArguments(string nodeDirectory, int heapMb)
    {
        var logs = Path.Combine(nodeDirectory, "logs");
        Directory.CreateDirectory(logs);
        var config = Path.Combine(Distribution.Home, "config");
        return
        [
            $"-Xmx{heapMb}m", "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-Djava.awt.headless=true",
            $"-Dkafka.logs.dir={logs}",
            $"-Dlog4j.configuration=file:{Path.Combine(config, "log4j.properties")}",
            $"-Dlog4j2.configurationFile={Path.Combine(config, "log4j2.yaml")}",
            "-cp", Distribution.ClassPath,
        ];
    }

    // ---- control ------------------------------------------------------------------------------

    /// <summary>kill -9 a broker (no controlled shutdown, no flush).</summary>
    public async Task KillBrokerAsync(int id, CancellationToken cancellationToken = default)
    {
        var broker = Broker(id);
        if (broker.Process is { } process) await process.KillAsync(cancellationToken);
        broker.State = BrokerState.Killed;
        _log.WriteLine($"killed broker {id}");
    }

    /// <summary>Clean stop (SIGTERM, controlled shutdown), kill -9 after the stop timeout.</summary>
    public async Task StopBrokerAsync(int id, CancellationToken cancellationToken = default)
    {
        var broker = Broker(id);
        if (broker.Process is { } process && !await process.StopAsync(_options.StopTimeout, cancellationToken))
            _log.WriteLine($"broker {id} did not stop within {_options.StopTimeout.TotalSeconds:0}s; killed");
        broker.State = BrokerState.Stopped;
    }

    /// <summary>Starts a stopped or killed broker again and waits until it is registered.</summary>
    public async Task StartBrokerAsync(int id, CancellationToken cancellationToken = default)
    {
        var broker = Broker(id);
        if (broker.Process is { HasExited: false })
            throw new InvalidOperationException($"Broker {id} is still running ({broker.State}).");
        LaunchBroker(broker);
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

    /// <summary>SIGSTOP a broker: it stops answering but keeps its sockets, like a long GC pause or a hung host.</summary>
    public void PauseBroker(int id)
    {
        var broker = Broker(id);
        broker.Process?.Pause();
        broker.State = BrokerState.Paused;
    }

    /// <summary>SIGCONT a paused broker.</summary>
    public void ResumeBroker(int id)
    {
        var broker = Broker(id);
        broker.Process?.Resume();
        broker.State = BrokerState.Running;
    }

    // ---- questions ----------------------------------------------------------------------------

    /// <summary>
    /// Leader, replicas and ISR of a partition: from ZooKeeper in ZooKeeper mode (the truth, written by the leader
    /// and the controller at once), else from the metadata of a running broker.
    /// </summary>
    public async Task<PartitionState> GetPartitionAsync(string topic, int partition, CancellationToken cancellationToken = default)
    {
        if (!UsesKRaft)
        {
            return await ReadZooKeeperAsync(zk => zk.GetPartitionAsync(topic, partition, cancellationToken), cancellationToken)
                ?? throw new InvalidOperationException($"Partition {partition} of {topic} has no state in ZooKeeper (yet).");
        }
        var metadata = await QueryMetadataAsync([topic], cancellationToken);
        return metadata.Partitions.SingleOrDefault(p => p.Topic == topic && p.Partition == partition)
            ?? throw new InvalidOperationException($"Partition {partition} of {topic} is not in the metadata (topic error {metadata.TopicErrors.GetValueOrDefault(topic)}).");
    }

    /// <summary>Broker ids the metadata of a running broker lists as alive.</summary>
    public async Task<IReadOnlyList<int>> GetRegisteredBrokersAsync(CancellationToken cancellationToken = default) =>
        (await QueryMetadataAsync([], cancellationToken)).Brokers;

    private async Task<T> ReadZooKeeperAsync<T>(Func<ZooKeeperReader, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            _zooKeeperReader ??= await ZooKeeperReader.ConnectAsync(ZooKeeperPort, _options.Tuning.ZooKeeperSessionTimeoutMs * 2, cancellationToken);
            return await read(_zooKeeperReader);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException)
        {
            // The session may have expired while nobody asked; reconnect on the next question.
            _zooKeeperReader?.Dispose();
            _zooKeeperReader = null;
            throw new MetadataUnavailableException($"ZooKeeper did not answer: {ex.Message}");
        }
    }

    /// <summary>
    /// Asks the brokers this harness believes are running, in turn, on their own ports (never through the fault
    /// proxy, never a paused one), until one answers.
    /// </summary>
    private async Task<MetadataProbe.Result> QueryMetadataAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var broker in _brokers.Where(b => b.State == BrokerState.Running))
        {
            try
            {
                return await MetadataProbe.QueryAsync(broker.Address.ListenPort, topics, MetadataTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                errors.Add($"broker {broker.Id}: {ex.Message}");
            }
        }
        throw new MetadataUnavailableException($"No running broker answered a metadata request: {string.Join("; ", errors.DefaultIfEmpty("none is running"))}.");
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for a partition, or throws a <see cref="TimeoutException"/>
    /// naming <paramref name="description"/> and the last state seen.
    /// </summary>
    public async Task<PartitionState> WaitForPartitionAsync(string topic, int partition, Func<PartitionState, bool> condition,
        string description, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        PartitionState? last = null;
        Exception? lastError = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                try
                {
                    last = await GetPartitionAsync(topic, partition, deadline.Token);
                    if (condition(last)) return last;
                }
                catch (Exception ex) when (ex is MetadataUnavailableException or InvalidOperationException or JsonException)
                {
                    lastError = ex;
                }
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#}s waiting for {description}; last seen: {last?.ToString() ?? lastError?.Message ?? "nothing"}.");
        }
    }

    /// <summary>Waits for a new leader other than <paramref name="oldLeader"/>.</summary>
    public Task<PartitionState> WaitForLeaderChangeAsync(string topic, int partition, int oldLeader, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForPartitionAsync(topic, partition, s => s.HasLeader && s.Leader != oldLeader, $"{topic}-{partition} to elect a leader other than {oldLeader}", timeout, cancellationToken);

    /// <summary>Waits until the ISR has exactly <paramref name="size"/> replicas.</summary>
    public Task<PartitionState> WaitForIsrSizeAsync(string topic, int partition, int size, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForPartitionAsync(topic, partition, s => s.Isr.Count == size, $"{topic}-{partition} ISR size {size}", timeout, cancellationToken);

    /// <summary>Waits until every broker in <paramref name="ids"/> is listed by the metadata, failing fast when one of them exits.</summary>
    public async Task WaitForBrokersRegisteredAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.ToHashSet();
        await WaitUntilAsync(async ct =>
        {
            ThrowIfAnyNodeExited(wanted);
            try
            {
                var registered = await GetRegisteredBrokersAsync(ct);
                return wanted.IsSubsetOf(registered);
            }
            catch (MetadataUnavailableException)
            {
                return false;
            }
        }, cancellationToken);
    }

    /// <summary>Creates a topic (through ZooKeeper before 0.10.1, the CreateTopics API after) and waits for a full ISR on every partition.</summary>
    public async Task CreateTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default)
    {
        var assignment = spec.ResolveAssignment(_brokers.Select(b => b.Id).ToList());
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
            List<string> arguments =
            [
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", Distribution.ClassPath,
                $"-Dlog4j.configuration=file:{Path.Combine(Distribution.Home, "config", "tools-log4j.properties")}",
                "kafka.admin.TopicCommand", "--zookeeper", $"{BrokerAddress.Host}:{ZooKeeperPort}", "--create", "--topic", spec.Name,
                "--replica-assignment", string.Join(',', assignment.Select(r => string.Join(':', r))),
            ];
            foreach (var (key, value) in spec.Configs) arguments.AddRange(["--config", $"{key}={value}"]);
            // "y": the tool asks before accepting a max.message.bytes above the replica fetch size.
            var result = await ExternalCommand.RunAsync(_java.Executable, arguments, _run.Path, TimeSpan.FromMinutes(2), cancellationToken, standardInput: "y\n");
            if (result.ExitCode != 0 || result.Output.Contains("Error while executing topic command", StringComparison.Ordinal))
                throw new InvalidOperationException($"Creating topic {spec.Name} failed (exit {result.ExitCode}):\n{result.Tail()}");
        }

        for (var p = 0; p < assignment.Count; p++)
        {
            var replicas = assignment[p];
            await WaitForPartitionAsync(spec.Name, p, s => s.HasLeader && s.Isr.Count == replicas.Count,
                $"{spec.Name}-{p} to have a leader and a full ISR", _options.StartupTimeout, cancellationToken);
        }
    }

    // ---- teardown -----------------------------------------------------------------------------

    public ValueTask DisposeAsync() => DisposeAsync(keepLogs: _options.KeepRunDirectory);

    private async ValueTask DisposeAsync(bool keepLogs)
    {
        if (_disposed) return;
        _disposed = true;
        var clock = Stopwatch.StartNew();
        _admin?.Dispose();
        // Brokers first: a broker's controlled shutdown hangs when ZooKeeper is already gone.
        await Task.WhenAll(_brokers.Select(async b =>
        {
            if (b.Process is { } process)
            {
                await process.StopAsync(_options.StopTimeout, CancellationToken.None);
                process.Dispose();
            }
        }));
        if (_zooKeeper is not null)
        {
            await _zooKeeper.StopAsync(_options.StopTimeout, CancellationToken.None);
            _zooKeeper.Dispose();
        }
        _faults?.Dispose();
        _zooKeeperReader?.Dispose();
        // Last: brokers' controlled shutdown still talked to ZooKeeper and to each other through it.
        if (_proxyServer is not null) await _proxyServer.DisposeAsync();
        if (!keepLogs) _run.Delete();
        else _log.WriteLine($"run directory kept: {_run.Path}");
        _log.WriteLine($"cluster stopped in {clock.Elapsed.TotalSeconds:0.0}s");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private IAdminClient Admin => _admin ??= new AdminClientBuilder(Clients.Admin()).SetLogHandler((_, _) => { }).Build();

    private void ThrowIfAnyNodeExited(IEnumerable<int> brokerIds)
    {
        foreach (var broker in brokerIds.Select(Broker))
        {
            if (broker.Process is { HasExited: true } process)
                throw new ClusterStartException($"Broker {broker.Id} exited with code {process.ExitCode} during start.\n{broker.LogTail()}");
            // Older brokers log a fatal start-up error and then hang in shutdown instead of exiting.
            if (broker.Process is { } running && running.OutputTail(200).Contains(FatalStartupMarker, StringComparison.Ordinal))
                throw new ClusterStartException($"Broker {broker.Id} exited: fatal error during start.\n{broker.LogTail()}");
        }
        if (_zooKeeper is { HasExited: true })
            throw new ClusterStartException($"ZooKeeper exited with code {_zooKeeper.ExitCode}.\n{_zooKeeper.OutputTail()}");
    }

    private string DescribeNodes() => string.Join('\n', _brokers.Select(b => $"{b}\n{b.LogTail(15)}"));

    private static async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition(cancellationToken))
            await Task.Delay(PollInterval, cancellationToken);
    }
}
