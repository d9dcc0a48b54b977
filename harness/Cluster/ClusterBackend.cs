namespace KafkaChaos.Cluster;

/// <summary>Where a cluster's nodes run.</summary>
internal enum ClusterBackend
{
    /// <summary>Local JVM processes from a Kafka distribution (the default).</summary>
    Process,

    /// <summary>One Docker container per node, through Testcontainers.</summary>
    Docker,
}
