using KafkaChaos.Cluster;

namespace KafkaChaos.Faults;

/// <summary>What a fault acts on: the cluster (brokers and fault proxies), the topic whose partitions targets
/// refer to, and where each injection and heal writes its one line.</summary>
public sealed record FaultContext(KafkaCluster Cluster, string Topic, TextWriter Log);
