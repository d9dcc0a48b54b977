namespace KafkaChaos.History;

/// <summary>
/// What a fresh consumer read from every partition of the topic after the faults were healed: the ground
/// truth of what the log holds. Partitions that could not be read are listed in
/// <see cref="UnavailablePartitions"/>; checkers never call an ID lost when it may sit in one of them.
/// Build one with <see cref="FinalReadBuilder"/>.
/// </summary>
internal sealed class FinalRead
{
    internal FinalRead(string topic, PartitionLog[] partitions, IReadOnlyDictionary<int, string> unavailable)
    {
        Topic = topic;
        PartitionArray = partitions;
        UnavailablePartitions = unavailable;
        _byPartition = partitions.ToDictionary(p => p.Partition);
    }

    private readonly Dictionary<int, PartitionLog> _byPartition;

    /// <summary>An empty final read of no topic (nothing read, nothing unavailable).</summary>
    public static FinalRead Empty { get; } = new FinalReadBuilder("").Build();

    /// <summary>The topic read.</summary>
    public string Topic { get; }

    /// <summary>The partitions read, ascending by partition number.</summary>
    public IReadOnlyList<PartitionLog> Partitions => PartitionArray;

    /// <summary>Partitions that could not be read (no leader, timeout...), with the reason.</summary>
    public IReadOnlyDictionary<int, string> UnavailablePartitions { get; }

    /// <summary>Total records read.</summary>
    public long RecordCount => PartitionArray.Sum(p => (long)p.RecordArray.Length);

    internal PartitionLog[] PartitionArray { get; }

    /// <summary>The log of <paramref name="partition"/>, if it was read.</summary>
    public PartitionLog? Find(int partition) => _byPartition.GetValueOrDefault(partition);

    /// <summary>Hands the final read to <paramref name="visitor"/> in the order <see cref="FinalReadFile.VisitAsync"/> reads a saved one.</summary>
    internal void Accept(IFinalReadVisitor visitor)
    {
        visitor.Topic(Topic);
        foreach (var log in PartitionArray)
        {
            visitor.BeginPartition(log.Partition, log.RecordArray.Length);
            foreach (ref readonly var record in log.RecordArray.AsSpan())
            {
                visitor.Record(log.Partition, in record);
            }
            foreach (var (offset, prefix) in log.UndecodableValues.OrderBy(v => v.Key))
            {
                visitor.UndecodablePrefix(log.Partition, offset, prefix);
            }
            visitor.EndPartition(log.Partition);
        }
        foreach (var (partition, reason) in UnavailablePartitions)
        {
            visitor.Unavailable(partition, reason);
        }
    }
}
