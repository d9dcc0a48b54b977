using KafkaChaos.Cluster;

namespace KafkaChaos.Fixtures;

/// <summary>How <see cref="ChaosCluster.StartAsync"/> starts a cluster. Every setting has a default; <c>new()</c> is a
/// three-broker cluster of the cached (or provisioned) Kafka distribution, silent, every broker behind a fault proxy.</summary>
public sealed record ChaosClusterOptions
{
    /// <summary>Number of brokers, 1 to 9. Default 3.</summary>
    public int Brokers { get; init; } = 3;

    /// <summary>An unpacked Apache Kafka distribution; null (default) = <c>$KAFKA_HOME</c>, the cache, a download, the npm fallback.</summary>
    public string? KafkaHome { get; init; }

    /// <summary>The per-user cache for Kafka distributions and run directories; null (default) = <c>$KAFKA_CHAOS_CACHE</c>,
    /// <c>$XDG_CACHE_HOME/kafka-chaos</c> or <c>~/.cache/kafka-chaos</c>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Extra server.properties for every broker; they win over the generated ones. Default none.</summary>
    public IReadOnlyDictionary<string, string> BrokerSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Where cluster, fault and client log lines go (thread-safe writer); null (default) = nowhere. Nothing is
    /// ever written to the console unless you pass it here.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Also kill this process's brokers on SIGINT, SIGTERM and SIGHUP, with process-wide signal handlers.
    /// Default false: a test host's signals are its own; brokers a killed host leaves behind are reaped at the next start
    /// (they are always killed when the process exits normally).</summary>
    public bool KillOnSignals { get; init; }

    /// <summary>Keep the run directory (broker data and logs) after disposal. Default false.</summary>
    public bool KeepRunDirectory { get; init; }

    /// <summary>How long a start may take until every broker is registered and in sync. Default 90 s.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Seed of the fault proxy's random choices; null (default) = random.</summary>
    public int? ProxySeed { get; init; }

    internal ClusterOptions ToClusterOptions() => new()
    {
        Brokers = Brokers,
        KafkaHome = KafkaHome,
        CacheRoot = CacheDirectory,
        BrokerOverrides = BrokerSettings,
        KeepRunDirectory = KeepRunDirectory,
        ProxySeed = ProxySeed,
        StartupTimeout = StartupTimeout,
        Proxied = true,
    };
}
