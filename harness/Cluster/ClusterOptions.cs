namespace KafkaChaos.Cluster;

/// <summary>
/// How to start a local cluster. Immutable; <see cref="Validate"/> runs before anything starts.
/// </summary>
internal sealed record ClusterOptions
{
    /// <summary>Number of brokers. Default 3.</summary>
    public int Brokers { get; init; } = 3;

    /// <summary>An explicit Kafka distribution directory; null = KAFKA_HOME, cache, download, npm fallback.</summary>
    public string? KafkaHome { get; init; }

    /// <summary>An explicit librdkafka shared library; null = KAFKA_CHAOS_LIBRDKAFKA, else the librdkafka.redist package's.</summary>
    public string? LibrdkafkaPath { get; init; }

    /// <summary>Cache root; null = <see cref="Provisioning.CachePaths.Default"/>.</summary>
    public string? CacheRoot { get; init; }

    /// <summary>Fast-failover settings, explicit so reports can state them. Default <see cref="FailoverTuning.Fast"/>.</summary>
    public FailoverTuning Tuning { get; init; } = FailoverTuning.Fast;

    /// <summary>Extra server.properties for every broker; they win over generated values.</summary>
    public IReadOnlyDictionary<string, string> BrokerOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>Maximum JVM heap per broker in MiB. Default 384.</summary>
    public int BrokerHeapMb { get; init; } = 384;

    /// <summary>How long a start (all brokers registered, RF=N topic in sync) may take. Default 90 s.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a clean broker stop may take before kill -9. Default 15 s.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Put every broker (and each broker's ZooKeeper link) behind a fault proxy and advertise the proxy's
    /// address, so client traffic and inter-broker replication both cross it. Default true.
    /// </summary>
    public bool Proxied { get; init; } = true;

    /// <summary>Seed of the fault proxy's random choices (jitter, toxicity); null = random, logged.</summary>
    public int? ProxySeed { get; init; }

    /// <summary>Where the nodes run. Default: <c>KAFKA_CHAOS_BACKEND</c>, else local processes.</summary>
    public ClusterBackend Backend { get; init; } = ClusterBackendSelection.FromEnvironment();

    /// <summary>
    /// The Kafka image of the Docker backend (any image with Kafka in /opt/kafka, e.g. apache/kafka:4.1.1); null =
    /// <c>KAFKA_CHAOS_IMAGE</c>, else the locally built kafka-chaos/kafka:&lt;cached version&gt; (compose/build-images.sh).
    /// </summary>
    public string? Image { get; init; } = ClusterBackendSelection.ImageFromEnvironment();

    /// <summary>Keep the run directory (data and logs) after disposal. Default false: logs are kept only when the start failed.</summary>
    public bool KeepRunDirectory { get; init; }

    /// <summary>
    /// Mount every broker's data directory through the lazy filesystem (<see cref="Storage.LazyMount"/>), so a
    /// page-cache-loss fault can drop what the broker never fsynced. Needs /dev/fuse and libfuse3. Default false.
    /// </summary>
    public bool LazyDataDirectories { get; init; }

    public void Validate()
    {
        if (Brokers is < 1 or > 9) throw new ArgumentOutOfRangeException(nameof(Brokers), Brokers, "Brokers must be between 1 and 9.");
        if (BrokerHeapMb < 128) throw new ArgumentOutOfRangeException(nameof(BrokerHeapMb), BrokerHeapMb, "A broker needs at least 128 MiB of heap.");
        if (StartupTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(StartupTimeout));
        if (StopTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(StopTimeout));
        Tuning.Validate();
    }
}
