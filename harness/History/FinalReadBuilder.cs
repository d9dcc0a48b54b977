namespace KafkaChaos.History;

/// <summary>
/// Collects the final read as a fresh consumer delivers it. Records may arrive in any order; each
/// partition is sorted by offset on <see cref="Build"/>. Not thread-safe.
/// </summary>
internal sealed class FinalReadBuilder(string topic) : IFinalReadVisitor
{
    /// <summary>How many leading bytes of an undecodable value are kept for reports (32).</summary>
    public const int UndecodablePrefixBytes = 32;

    private readonly SortedDictionary<int, List<LogRecord>> _partitions = [];
    private string _topic = topic;
    private readonly Dictionary<int, Dictionary<long, byte[]>> _undecodable = [];
    private readonly SortedDictionary<int, string> _unavailable = [];

    /// <summary>Declares a partition that was read (possibly empty).</summary>
    public FinalReadBuilder AddPartition(int partition)
    {
        Records(partition);
        return this;
    }

    /// <summary>Adds a record by its raw value, decoding the envelope.</summary>
    public FinalReadBuilder Add(int partition, long offset, ReadOnlySpan<byte> value)
    {
        if (MessageEnvelope.TryDecode(value, out var id))
        {
            return Add(partition, offset, id);
        }
        Records(partition).Add(new LogRecord(offset, null));
        SetUndecodablePrefix(partition, offset, value[..Math.Min(value.Length, UndecodablePrefixBytes)].ToArray());
        return this;
    }

    /// <summary>Keeps the first bytes of an undecodable value for reports (final-read file loading).</summary>
    internal void SetUndecodablePrefix(int partition, long offset, byte[] prefix)
    {
        if (!_undecodable.TryGetValue(partition, out var values))
        {
            _undecodable[partition] = values = [];
        }
        values[offset] = prefix;
    }

    /// <summary>Adds a record whose identity is already known (null = undecodable).</summary>
    public FinalReadBuilder Add(int partition, long offset, MessageId? id)
    {
        Records(partition).Add(new LogRecord(offset, id));
        return this;
    }

    /// <summary>Marks <paramref name="partition"/> as not (fully) readable; records already added still count as present.</summary>
    public FinalReadBuilder MarkUnavailable(int partition, string reason)
    {
        _unavailable[partition] = reason ?? "";
        return this;
    }

    void IFinalReadVisitor.Topic(string topic) => _topic = topic;

    void IFinalReadVisitor.BeginPartition(int partition, long recordCount) => AddPartition(partition);

    void IFinalReadVisitor.Record(int partition, in LogRecord record) => Records(partition).Add(record);

    void IFinalReadVisitor.UndecodablePrefix(int partition, long offset, ReadOnlySpan<byte> prefix) => SetUndecodablePrefix(partition, offset, prefix.ToArray());

    void IFinalReadVisitor.EndPartition(int partition)
    {
    }

    void IFinalReadVisitor.Unavailable(int partition, string reason) => MarkUnavailable(partition, reason);

    /// <summary>Builds the immutable final read.</summary>
    public FinalRead Build()
    {
        var logs = new PartitionLog[_partitions.Count];
        int i = 0;
        foreach (var (partition, list) in _partitions)
        {
            var records = list.ToArray();
            if (!IsSorted(records))
            {
                var keys = Array.ConvertAll(records, r => r.Offset);
                Array.Sort(keys, records);
            }
            IReadOnlyDictionary<long, byte[]> undecodable = _undecodable.TryGetValue(partition, out var values)
                ? new Dictionary<long, byte[]>(values)
                : new Dictionary<long, byte[]>();
            logs[i++] = new PartitionLog(partition, records, undecodable);
        }
        return new FinalRead(_topic, logs, new Dictionary<int, string>(_unavailable));
    }

    private List<LogRecord> Records(int partition)
    {
        if (!_partitions.TryGetValue(partition, out var list))
        {
            _partitions[partition] = list = [];
        }
        return list;
    }

    private static bool IsSorted(LogRecord[] records)
    {
        for (int i = 1; i < records.Length; i++)
        {
            if (records[i].Offset < records[i - 1].Offset)
            {
                return false;
            }
        }
        return true;
    }
}
