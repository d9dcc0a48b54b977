using System.Text;

namespace KafkaChaos.Cluster;

/// <summary>
/// Generates server.properties for a broker (ZooKeeper mode before 3.3, KRaft combined broker+controller
/// from 3.3) and zookeeper.properties. Pure, so it is unit-tested for versions this machine cannot run.
/// </summary>
internal static class ServerConfig
{
    /// <summary>The properties of one broker, generated values first, overrides applied last.</summary>
    public static IReadOnlyDictionary<string, string> ForBroker(Version kafkaVersion, BrokerAddress broker,
        IReadOnlyList<BrokerAddress> allBrokers, string logDir, FailoverTuning tuning, IReadOnlyDictionary<string, string> overrides)
    {
        var kraft = Provisioning.KafkaVersionInfo.UsesKRaft(kafkaVersion);
        var replicas = Math.Min(3, allBrokers.Count).ToString();
        var p = new Dictionary<string, string>();
        if (kraft)
        {
            p["process.roles"] = "broker,controller";
            p["node.id"] = broker.BrokerId.ToString();
            p["controller.quorum.voters"] = string.Join(',', allBrokers.Select(b => $"{b.BrokerId}@{BrokerAddress.Host}:{b.ControllerPort}"));
            p["listeners"] = $"PLAINTEXT://{broker.Listen},CONTROLLER://{BrokerAddress.Host}:{broker.ControllerPort}";
            p["advertised.listeners"] = $"PLAINTEXT://{broker.Advertised}";
            p["controller.listener.names"] = "CONTROLLER";
            p["inter.broker.listener.name"] = "PLAINTEXT";
            p["listener.security.protocol.map"] = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
            p["broker.session.timeout.ms"] = tuning.KRaftBrokerSessionTimeoutMs.ToString();
            p["broker.heartbeat.interval.ms"] = tuning.KRaftBrokerHeartbeatIntervalMs.ToString();
        }
        else
        {
            p["broker.id"] = broker.BrokerId.ToString();
            p["listeners"] = $"PLAINTEXT://{broker.Listen}";
            p["advertised.listeners"] = $"PLAINTEXT://{broker.Advertised}";
            p["zookeeper.connect"] = broker.ZooKeeperConnect;
            p["zookeeper.session.timeout.ms"] = tuning.ZooKeeperSessionTimeoutMs.ToString();
            p["zookeeper.connection.timeout.ms"] = "15000";
        }

        p["log.dirs"] = logDir;
        p["num.partitions"] = "1";
        p["default.replication.factor"] = replicas;
        p["offsets.topic.replication.factor"] = replicas;
        // Few offsets partitions: the first consumer group creates them all, and 50 (the default) take seconds.
        p["offsets.topic.num.partitions"] = "3";
        p["replica.lag.time.max.ms"] = tuning.ReplicaLagTimeMaxMs.ToString();
        p["replica.socket.timeout.ms"] = tuning.ReplicaSocketTimeoutMs.ToString();
        // Topics are created explicitly with their scenario's settings; an implicit one would hide a typo.
        p["auto.create.topics.enable"] = "false";
        // The default changed in 0.11: state it so every version behaves the same unless a topic says otherwise.
        p["unclean.leader.election.enable"] = "false";
        p["delete.topic.enable"] = "true";
        p["controlled.shutdown.enable"] = "true";
        // One quick attempt: with a peer dead or stopping too, retrying leadership moves only delays the stop.
        p["controlled.shutdown.max.retries"] = "1";
        p["controlled.shutdown.retry.backoff.ms"] = "500";
        // Sized for 2 cores and a small heap.
        p["num.network.threads"] = "2";
        p["num.io.threads"] = "2";
        p["num.recovery.threads.per.data.dir"] = "1";
        p["log.cleaner.dedupe.buffer.size"] = "8388608";
        if (kafkaVersion >= new Version(0, 11))
        {
            p["transaction.state.log.replication.factor"] = replicas;
            p["transaction.state.log.min.isr"] = Math.Min(2, allBrokers.Count).ToString();
            p["transaction.state.log.num.partitions"] = "3";
            p["group.initial.rebalance.delay.ms"] = "0";
        }

        foreach (var (key, value) in overrides) p[key] = value;
        return p;
    }

    /// <summary>
    /// Cluster-wide features a report should state because they change what a broker does and are not broker
    /// properties: ELR (KIP-966) is the feature eligible.leader.replicas.version, set at format time, off by default
    /// in 4.0 and on by default for clusters formatted by 4.1+ (docs "Eligible Leader Replicas", 4.0 and 4.1); the
    /// harness formats with the release's defaults, so it is stated from the version. Before 4.0 ELR is not
    /// available (nothing to state). The KRaft quorum is static (controller.quorum.voters, kraft.version 0): the
    /// storage is formatted with --cluster-id and without --standalone/--initial-controllers, which 4.x rejects
    /// together with controller.quorum.voters.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DescribeFeatures(Version kafkaVersion)
    {
        var features = new Dictionary<string, string>();
        if (!Provisioning.KafkaVersionInfo.UsesKRaft(kafkaVersion)) return features;
        features["kraft.quorum"] = "static (controller.quorum.voters)";
        if (kafkaVersion >= new Version(4, 1)) features["eligible.leader.replicas.version"] = "1 (on: default for new clusters from 4.1)";
        else if (kafkaVersion >= new Version(4, 0)) features["eligible.leader.replicas.version"] = "0 (off: the 4.0 default)";
        return features;
    }

    /// <summary>zookeeper.properties for a standalone ZooKeeper on loopback.</summary>
    public static IReadOnlyDictionary<string, string> ForZooKeeper(int port, string dataDir, FailoverTuning tuning) =>
        new Dictionary<string, string>
        {
            ["dataDir"] = dataDir,
            ["clientPort"] = port.ToString(),
            ["clientPortAddress"] = BrokerAddress.Host,
            ["tickTime"] = tuning.ZooKeeperTickMs.ToString(),
            ["minSessionTimeout"] = (2 * tuning.ZooKeeperTickMs).ToString(),
            ["maxSessionTimeout"] = (20 * tuning.ZooKeeperTickMs).ToString(),
            ["maxClientCnxns"] = "0",
            ["admin.enableServer"] = "false",
            ["4lw.commands.whitelist"] = "ruok,stat,srvr",
        };

    /// <summary>Java properties text, keys sorted for stable diffs.</summary>
    public static string Render(IReadOnlyDictionary<string, string> properties)
    {
        var text = new StringBuilder("# generated by kafka-chaos\n");
        foreach (var (key, value) in properties.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append(key).Append('=').Append(value.Replace("\\", "\\\\")).Append('\n');
        return text.ToString();
    }
}
