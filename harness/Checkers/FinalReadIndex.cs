using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// The final read as the checker keeps it after streaming it once: a <see cref="PartitionIndex"/> per partition
/// read, the IDs of never-invoked records (few), and the unreadable partitions in the order they were listed.
/// </summary>
internal sealed class FinalReadIndex
{
    /// <summary>Partitions below this are looked up in an array: every acknowledged send looks its partition up.</summary>
    private const int DensePartitions = 1 << 12;

    private readonly Dictionary<int, PartitionIndex> _byPartition = [];
    private readonly PartitionIndex?[] _dense = new PartitionIndex?[DensePartitions];
    private readonly List<PartitionIndex> _partitions = [];
    private readonly Dictionary<(int Partition, int Index), MessageId> _foreign = [];

    /// <summary>The partitions read, in read order.</summary>
    public IReadOnlyList<PartitionIndex> Partitions => _partitions;

    /// <summary>Partitions that could not be read, with the reason, in the order the final read lists them (no removals, so enumeration keeps insertion order).</summary>
    public Dictionary<int, string> Unavailable { get; } = [];

    /// <summary>Whether any partition could not be read.</summary>
    public bool AnyUnavailable => Unavailable.Count > 0;

    /// <summary>Starts a partition.</summary>
    public PartitionIndex Begin(int partition, long recordCount)
    {
        var index = new PartitionIndex(partition, recordCount);
        if (_byPartition.TryAdd(partition, index))
        {
            _partitions.Add(index);
            if ((uint)partition < DensePartitions)
            {
                _dense[partition] = index;
            }
        }
        return index;
    }

    /// <summary>Appends a never-invoked record to <paramref name="log"/>.</summary>
    public void AddForeign(PartitionIndex log, long offset, MessageId id)
    {
        _foreign[(log.Partition, log.Count)] = id;
        log.Add(offset, PartitionIndex.Foreign);
    }

    /// <summary>The index of <paramref name="partition"/>, or null when it was not read.</summary>
    public PartitionIndex? Find(int partition) =>
        (uint)partition < DensePartitions ? _dense[partition] : _byPartition.GetValueOrDefault(partition);

    /// <summary>The ID of the never-invoked record at position <paramref name="index"/> of <paramref name="partition"/>.</summary>
    public MessageId ForeignAt(int partition, int index) => _foreign[(partition, index)];
}
