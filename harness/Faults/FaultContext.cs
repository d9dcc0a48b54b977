using System.Collections.Concurrent;
using KafkaChaos.Cluster;

namespace KafkaChaos.Faults;

/// <summary>What a fault acts on: the cluster (brokers and fault proxies), the topic whose partitions targets
/// refer to, and where each injection and heal writes its one line.</summary>
internal sealed record FaultContext(IKafkaCluster Cluster, string Topic, TextWriter Log)
{
    /// <summary>The broker ids each fault's target resolved to at its last injection, by fault name (evidence for the report).</summary>
    public ConcurrentDictionary<string, IReadOnlyList<int>> ResolvedBrokers { get; } = new(StringComparer.Ordinal);
}
