using System.Collections.Concurrent;
using Confluent.Kafka;
using KafkaChaos.Cluster;

namespace KafkaChaos.Fixtures;

/// <summary>
/// A real local Apache Kafka cluster for your own tests: every broker a JVM process of this test run, each behind a
/// Kafka-aware fault proxy that both clients and replication cross. Point your own producers and consumers at it with
/// <see cref="ProducerConfig"/> and <see cref="ConsumerConfig"/>, inject faults with <see cref="Faults"/>, and check what
/// happened with a <see cref="ChaosLedger"/>. Clusters started concurrently in one process use their own ports, run
/// directories and proxies; disposal stops every process this cluster started and removes its run directory.
/// </summary>
/// <example><code>
/// await using var cluster = await ChaosCluster.StartAsync(new() { Brokers = 3 });
/// await cluster.CreateTopicAsync("orders");
/// using var producer = new ProducerBuilder&lt;string, string&gt;(cluster.ProducerConfig(new() { Acks = Acks.Leader })).Build();
/// </code></example>
public sealed class ChaosCluster : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _topics = new(StringComparer.Ordinal);
    private int _disposed;

    private ChaosCluster(KafkaCluster inner, TextWriter log, IReadOnlyDictionary<string, string> brokerSettings)
    {
        BrokerSettings = brokerSettings;
        Inner = inner;
        Log = log;
        Clients = inner.Clients with { Log = log };
        Faults = new ChaosFaults(this);
    }

    /// <summary>The cluster underneath (the harness's own type).</summary>
    internal KafkaCluster Inner { get; }

    /// <summary>Where log lines go (<see cref="ChaosClusterOptions.Log"/>, or nowhere).</summary>
    internal TextWriter Log { get; }

    /// <summary>The extra broker settings it was started with.</summary>
    internal IReadOnlyDictionary<string, string> BrokerSettings { get; }

    /// <summary>Client settings for this cluster, logging to <see cref="Log"/>.</summary>
    internal ClientSettings Clients { get; }

    /// <summary>Starts a cluster and returns once every broker is registered and a topic replicated on all of them is in sync.
    /// The first start on a machine provisions the Kafka distribution into the per-user cache.</summary>
    /// <param name="options">How to start it; null = <c>new ChaosClusterOptions()</c>.</param>
    /// <param name="cancellationToken">Cancels the start; whatever was started is stopped.</param>
    /// <exception cref="InvalidOperationException">Java or a Kafka distribution is missing, or the cluster did not become ready
    /// (the message says what and how to fix it).</exception>
    public static async Task<ChaosCluster> StartAsync(ChaosClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ChaosClusterOptions();
        if (options.KillOnSignals) OrphanGuard.InstallSignalHandlers();
        var log = options.Log is null ? TextWriter.Null : TextWriter.Synchronized(options.Log);
        try
        {
            var inner = await KafkaCluster.StartAsync(options.ToClusterOptions(), log, cancellationToken).ConfigureAwait(false);
            return new ChaosCluster(inner, log, options.BrokerSettings);
        }
        catch (Exception ex) when (ex is Provisioning.ProvisioningException or ClusterStartException)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
    }

    /// <summary>The brokers' addresses (their fault proxies), for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers => Inner.BootstrapServers;

    /// <summary>The Kafka version the brokers run, read from the distribution's jars.</summary>
    public Version KafkaVersion => Inner.KafkaVersion;

    /// <summary>The broker ids, 1 to <see cref="ChaosClusterOptions.Brokers"/>.</summary>
    public IReadOnlyList<int> BrokerIds => Inner.Brokers.Select(b => b.Id).ToList();

    /// <summary>This cluster's run directory (configs, data, logs); removed on disposal unless kept.</summary>
    public string RunDirectory => Inner.RunDirectory;

    /// <summary>The faults this cluster can inject, as awaitable inject/heal pairs.</summary>
    public ChaosFaults Faults { get; }

    /// <summary>
    /// A copy of <paramref name="config"/> for this cluster: <c>bootstrap.servers</c> set to <see cref="BootstrapServers"/>,
    /// and what this broker version needs where you did not set it (below 0.10: <c>api.version.request=false</c> and
    /// <c>broker.version.fallback</c>). Every other setting is yours, unchanged.
    /// </summary>
    /// <param name="config">Your producer settings; null = none.</param>
    public ProducerConfig ProducerConfig(ProducerConfig? config = null) => new(Fill(config, consumer: false));

    /// <summary>
    /// As <see cref="ProducerConfig"/> for a consumer; also a <c>session.timeout.ms</c> (10 s) and <c>heartbeat.interval.ms</c>
    /// inside every broker version's bounds where you did not set them. Your <c>group.id</c> is required.
    /// </summary>
    /// <param name="config">Your consumer settings, with a <c>group.id</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="config"/> has no group.id.</exception>
    public ConsumerConfig ConsumerConfig(ConsumerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrEmpty(config.GroupId)) throw new ArgumentException("A consumer config needs a group.id.", nameof(config));
        return new ConsumerConfig(Fill(config, consumer: true));
    }

    /// <summary>Admin client settings for this cluster.</summary>
    public AdminClientConfig AdminConfig() => new(Fill(null, consumer: false));

    /// <summary>Creates a topic and waits until every partition has a leader and a full ISR. Partition p's replicas are
    /// brokers p mod N + 1 onwards, so its first leader is known (see <see cref="LeaderOfAsync"/>).</summary>
    /// <param name="name">The topic name; use a distinct name per test.</param>
    /// <param name="partitions">Number of partitions. Default 1.</param>
    /// <param name="replicationFactor">Replicas per partition, at most the brokers. Default 3.</param>
    /// <param name="settings">Topic settings (min.insync.replicas, unclean.leader.election.enable, ...). Default none.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task CreateTopicAsync(string name, int partitions = 1, int replicationFactor = 3,
        IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await Inner.CreateTopicAsync(new TopicSpec(name)
        {
            Partitions = partitions,
            ReplicationFactor = replicationFactor,
            Configs = settings ?? new Dictionary<string, string>(),
        }, cancellationToken).ConfigureAwait(false);
        _topics[name] = partitions;
    }

    /// <summary>The broker id that leads <paramref name="topic"/>-<paramref name="partition"/> now (-1 while none does).</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition. Default 0.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async Task<int> LeaderOfAsync(string topic, int partition = 0, CancellationToken cancellationToken = default) =>
        (await Inner.GetPartitionAsync(topic, partition, cancellationToken).ConfigureAwait(false)).Leader;

    /// <summary>Waits until <paramref name="topic"/>-<paramref name="partition"/> has a leader other than
    /// <paramref name="previousLeader"/> (after a <see cref="ChaosFaults.KillLeaderAsync"/>, the election); returns it.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="previousLeader">The leader before the fault.</param>
    /// <param name="timeout">How long to wait. Default 60 s.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TimeoutException">No other leader within <paramref name="timeout"/>.</exception>
    public async Task<int> WaitForNewLeaderAsync(string topic, int partition, int previousLeader, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await Inner.WaitForLeaderChangeAsync(topic, partition, previousLeader, timeout ?? TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false)).Leader;

    /// <summary>The partitions of a topic created with <see cref="CreateTopicAsync"/>.</summary>
    internal int PartitionsOf(string topic) => _topics.TryGetValue(topic, out var partitions)
        ? partitions
        : throw new ArgumentException($"Topic {topic} was not created with this cluster's CreateTopicAsync; its partitions are unknown.", nameof(topic));

    /// <summary>Stops every broker (and ZooKeeper) this cluster started, its fault proxies, and removes its run directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await Inner.DisposeAsync().ConfigureAwait(false);
    }

    private Dictionary<string, string> Fill(IEnumerable<KeyValuePair<string, string>>? config, bool consumer)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config is not null)
            foreach (var (key, value) in config) merged[key] = value;
        foreach (var (key, value) in Clients.Common)
        {
            if (key == "bootstrap.servers") merged[key] = value;
            else merged.TryAdd(key, value);
        }
        if (consumer)
        {
            merged.TryAdd("session.timeout.ms", ClientSettings.ConsumerSessionTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var session = int.Parse(merged["session.timeout.ms"], System.Globalization.CultureInfo.InvariantCulture);
            merged.TryAdd("heartbeat.interval.ms", Math.Max(500, session / 4).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return merged;
    }
}
