namespace KafkaChaos.Protocol;

/// <summary>A partition of a Metadata response. <paramref name="ErrorCode"/> is per partition (e.g. 5
/// LEADER_NOT_AVAILABLE, 9 REPLICA_NOT_AVAILABLE); <paramref name="LeaderEpoch"/> exists from v7 (-1 before);
/// <paramref name="OfflineReplicas"/> from v5 (empty before).</summary>
internal sealed record MetadataPartition(short ErrorCode, int PartitionIndex, int LeaderId, int LeaderEpoch,
    IReadOnlyList<int> ReplicaNodes, IReadOnlyList<int> IsrNodes, IReadOnlyList<int> OfflineReplicas);
