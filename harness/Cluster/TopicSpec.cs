namespace KafkaChaos.Cluster;

/// <summary>
/// A topic to create. Replica assignment is explicit so the preferred leader of each partition is known
/// in advance: partition p's replicas start at broker (p mod N) + 1 unless <see cref="Assignment"/> says otherwise.
/// </summary>
internal sealed record TopicSpec(string Name)
{
    /// <summary>Default 1.</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Default 3.</summary>
    public int ReplicationFactor { get; init; } = 3;

    /// <summary>Topic-level configuration (min.insync.replicas, unclean.leader.election.enable, max.message.bytes...).</summary>
    public IReadOnlyDictionary<string, string> Configs { get; init; } = new Dictionary<string, string>();

    /// <summary>Replica broker ids per partition, leader first; null = rotate over the brokers.</summary>
    public IReadOnlyList<IReadOnlyList<int>>? Assignment { get; init; }

    /// <summary>The assignment to use on a cluster of <paramref name="brokerIds"/>.</summary>
    public IReadOnlyList<IReadOnlyList<int>> ResolveAssignment(IReadOnlyList<int> brokerIds)
    {
        if (ReplicationFactor < 1 || ReplicationFactor > brokerIds.Count)
            throw new ArgumentOutOfRangeException(nameof(ReplicationFactor), ReplicationFactor, $"Replication factor must be between 1 and {brokerIds.Count} (the brokers).");
        if (Partitions < 1) throw new ArgumentOutOfRangeException(nameof(Partitions), Partitions, "At least one partition.");
        if (Assignment is not null)
        {
            if (Assignment.Count != Partitions) throw new ArgumentException($"Assignment lists {Assignment.Count} partitions, the topic has {Partitions}.");
            return Assignment;
        }
        return Enumerable.Range(0, Partitions)
            .Select(p => (IReadOnlyList<int>)Enumerable.Range(0, ReplicationFactor).Select(r => brokerIds[(p + r) % brokerIds.Count]).ToList())
            .ToList();
    }
}
