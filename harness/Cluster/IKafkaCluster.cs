using KafkaChaos.Proxy.Api;

namespace KafkaChaos.Cluster;

/// <summary>
/// What faults, the scenario runner, the final read and reports use of a running cluster, whichever backend runs
/// it (local JVM processes or Docker containers). No fault, checker or report knows which backend ran.
/// </summary>
internal interface IKafkaCluster : IAsyncDisposable
{
    /// <summary>The fault proxy in front of broker <paramref name="brokerId"/>.</summary>
    static string BrokerProxyName(int brokerId) => $"broker-{brokerId}";

    /// <summary>The fault proxy on broker <paramref name="brokerId"/>'s link to ZooKeeper (ZooKeeper mode only).</summary>
    static string ZooKeeperProxyName(int brokerId) => $"zookeeper-{brokerId}";

    /// <summary>Which backend runs the nodes, and what it ran (e.g. the image and its id), for reports.</summary>
    ClusterBackendInfo Backend { get; }

    Version KafkaVersion { get; }
    bool UsesKRaft { get; }
    IReadOnlyList<BrokerNode> Brokers { get; }
    BrokerNode Broker(int id);
    ClientSettings Clients { get; }
    string BootstrapServers { get; }

    /// <summary>The run's directory on this host: configuration, data and logs of every node.</summary>
    string RunDirectory { get; }

    /// <summary>The fault proxy's control client (Toxiproxy's HTTP API); proxies are named by <see cref="BrokerProxyName"/>.</summary>
    ToxiproxyClient Faults { get; }

    /// <summary>The seed of the fault proxy's random choices, or null without proxies.</summary>
    int? ProxySeed { get; }

    FailoverTuning Tuning { get; }

    /// <summary>How long the start took until ready.</summary>
    TimeSpan StartupDuration { get; }

    /// <summary>The effective server.properties of broker 1, for reports.</summary>
    IReadOnlyDictionary<string, string> EffectiveBrokerSettings { get; }

    /// <summary>SIGKILL a broker (no controlled shutdown, no flush).</summary>
    Task KillBrokerAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>Clean stop (SIGTERM, controlled shutdown), SIGKILL after the stop timeout.</summary>
    Task StopBrokerAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>Starts a stopped or killed broker again and waits until it is registered.</summary>
    Task StartBrokerAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>Freezes a broker: it stops answering but keeps its sockets, like a long GC pause or a hung host.</summary>
    Task PauseBrokerAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>Thaws a paused broker and waits until it is registered again (<see cref="WaitForRejoinAsync"/>).</summary>
    Task ResumeBrokerAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until brokers paused or cut off since <paramref name="unreachableSince"/> are registered again: their
    /// ZooKeeper session (KRaft: their broker session) may have expired meanwhile, and a broker that never
    /// re-registers is a zombie the controller counts as dead. Throws a <see cref="BrokerRejoinException"/> with what
    /// the broker's logs say when one does not rejoin in time.
    /// </summary>
    Task WaitForRejoinAsync(IReadOnlyCollection<int> ids, DateTime unreachableSince, CancellationToken cancellationToken);

    /// <summary>Leader, replicas and ISR of a partition.</summary>
    Task<PartitionState> GetPartitionAsync(string topic, int partition, CancellationToken cancellationToken = default);

    /// <summary>Broker ids the cluster's metadata lists as alive.</summary>
    Task<IReadOnlyList<int>> GetRegisteredBrokersAsync(CancellationToken cancellationToken = default);

    /// <summary>ZooKeeper mode: the controller's broker id (null while there is none); always null in KRaft mode.</summary>
    Task<int?> GetControllerAsync(CancellationToken cancellationToken = default);

    /// <summary>Waits until <paramref name="condition"/> holds for a partition, or throws a <see cref="TimeoutException"/>.</summary>
    Task<PartitionState> WaitForPartitionAsync(string topic, int partition, Func<PartitionState, bool> condition,
        string description, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Waits for a new leader other than <paramref name="oldLeader"/>.</summary>
    Task<PartitionState> WaitForLeaderChangeAsync(string topic, int partition, int oldLeader, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Waits until the ISR has exactly <paramref name="size"/> replicas.</summary>
    Task<PartitionState> WaitForIsrSizeAsync(string topic, int partition, int size, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Waits until every broker in <paramref name="ids"/> is registered.</summary>
    Task WaitForBrokersRegisteredAsync(IEnumerable<int> ids, CancellationToken cancellationToken);

    /// <summary>Creates a topic and waits for a full ISR on every partition and for every running broker to know it.</summary>
    Task CreateTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default);
}
