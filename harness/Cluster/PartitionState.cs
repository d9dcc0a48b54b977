namespace KafkaChaos.Cluster;

/// <summary>A partition as the cluster's metadata shows it. Leader is -1 when it has none.</summary>
internal sealed record PartitionState(string Topic, int Partition, int Leader, IReadOnlyList<int> Replicas, IReadOnlyList<int> Isr)
{
    public bool HasLeader => Leader >= 0;

    /// <summary>The replicas that are not the leader.</summary>
    public IReadOnlyList<int> Followers => Replicas.Where(r => r != Leader).ToList();

    public override string ToString() =>
        $"{Topic}-{Partition}: leader {Leader}, replicas [{string.Join(',', Replicas)}], isr [{string.Join(',', Isr)}]";
}
