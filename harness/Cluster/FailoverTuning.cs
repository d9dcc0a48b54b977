namespace KafkaChaos.Cluster;

/// <summary>
/// The timeouts that decide how fast a cluster notices a dead broker or a lagging follower. Production
/// defaults take tens of seconds; chaos runs want seconds. Every report states these values.
/// </summary>
internal sealed record FailoverTuning
{
    /// <summary>Seconds-scale failover for tests: ZooKeeper session 4 s, replica lag 4 s.</summary>
    public static FailoverTuning Fast { get; } = new();

    /// <summary>zookeeper.session.timeout.ms: a kill -9'd broker is declared dead after this. Default 4000.</summary>
    public int ZooKeeperSessionTimeoutMs { get; init; } = 4000;

    /// <summary>ZooKeeper tickTime; sessions may be 2–20 ticks long. Default 500.</summary>
    public int ZooKeeperTickMs { get; init; } = 500;

    /// <summary>replica.lag.time.max.ms: a follower that fetches nothing for this long leaves the ISR. Default 4000.</summary>
    public int ReplicaLagTimeMaxMs { get; init; } = 4000;

    /// <summary>
    /// replica.socket.timeout.ms: how long a follower waits on a fetch before reconnecting. After a network fault
    /// the old connection may be dead without a reset; the default (30 s) then delays the follower's return. Default 5000.
    /// </summary>
    public int ReplicaSocketTimeoutMs { get; init; } = 5000;

    /// <summary>KRaft broker.session.timeout.ms (the KRaft analogue of the ZooKeeper session). Default 4000.</summary>
    public int KRaftBrokerSessionTimeoutMs { get; init; } = 4000;

    /// <summary>KRaft broker.heartbeat.interval.ms. Default 500.</summary>
    public int KRaftBrokerHeartbeatIntervalMs { get; init; } = 500;

    public void Validate()
    {
        if (ZooKeeperSessionTimeoutMs < 2 * ZooKeeperTickMs || ZooKeeperSessionTimeoutMs > 20 * ZooKeeperTickMs)
            throw new ArgumentOutOfRangeException(nameof(ZooKeeperSessionTimeoutMs), ZooKeeperSessionTimeoutMs,
                $"ZooKeeper accepts session timeouts between 2 and 20 ticks ({2 * ZooKeeperTickMs}–{20 * ZooKeeperTickMs} ms).");
        if (ReplicaLagTimeMaxMs < 500) throw new ArgumentOutOfRangeException(nameof(ReplicaLagTimeMaxMs), ReplicaLagTimeMaxMs, "At least 500 ms.");
        if (ReplicaSocketTimeoutMs < 1000) throw new ArgumentOutOfRangeException(nameof(ReplicaSocketTimeoutMs), ReplicaSocketTimeoutMs, "At least 1000 ms (it must exceed replica.fetch.wait.max.ms).");
        if (KRaftBrokerHeartbeatIntervalMs >= KRaftBrokerSessionTimeoutMs)
            throw new ArgumentOutOfRangeException(nameof(KRaftBrokerHeartbeatIntervalMs), "The heartbeat interval must be shorter than the session timeout.");
    }

    /// <summary>The values as settings, for reports.</summary>
    public IReadOnlyDictionary<string, string> Describe(bool kraft) => kraft
        ? new Dictionary<string, string>
        {
            ["broker.session.timeout.ms"] = KRaftBrokerSessionTimeoutMs.ToString(),
            ["broker.heartbeat.interval.ms"] = KRaftBrokerHeartbeatIntervalMs.ToString(),
            ["replica.lag.time.max.ms"] = ReplicaLagTimeMaxMs.ToString(),
            ["replica.socket.timeout.ms"] = ReplicaSocketTimeoutMs.ToString(),
        }
        : new Dictionary<string, string>
        {
            ["zookeeper.session.timeout.ms"] = ZooKeeperSessionTimeoutMs.ToString(),
            ["zookeeper tickTime"] = ZooKeeperTickMs.ToString(),
            ["replica.lag.time.max.ms"] = ReplicaLagTimeMaxMs.ToString(),
            ["replica.socket.timeout.ms"] = ReplicaSocketTimeoutMs.ToString(),
        };
}
