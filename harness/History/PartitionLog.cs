namespace KafkaChaos.History;

/// <summary>Everything the final read returned for one partition, in ascending offset order.</summary>
internal sealed class PartitionLog
{
    internal PartitionLog(int partition, LogRecord[] records, IReadOnlyDictionary<long, byte[]> undecodable)
    {
        Partition = partition;
        RecordArray = records;
        UndecodableValues = undecodable;
        IsContiguous = records.Length == 0 || records[^1].Offset - records[0].Offset == records.Length - 1;
    }

    /// <summary>The partition number.</summary>
    public int Partition { get; }

    /// <summary>The records, ascending by offset.</summary>
    public IReadOnlyList<LogRecord> Records => RecordArray;

    /// <summary>The first bytes (up to <see cref="FinalReadBuilder.UndecodablePrefixBytes"/>) of each undecodable value, by offset.</summary>
    public IReadOnlyDictionary<long, byte[]> UndecodableValues { get; }

    internal LogRecord[] RecordArray { get; }

    /// <summary>Offsets run without gaps from the first to the last record, so lookups are direct.</summary>
    internal bool IsContiguous { get; }

    /// <summary>Finds the record at <paramref name="offset"/>; false when the final read has none there.</summary>
    public bool TryGet(long offset, out LogRecord record)
    {
        var records = RecordArray;
        record = default;
        if (records.Length == 0)
        {
            return false;
        }
        long index = offset - records[0].Offset;
        if (IsContiguous)
        {
            if ((ulong)index >= (ulong)records.Length)
            {
                return false;
            }
            record = records[index];
            return true;
        }
        int lo = 0, hi = records.Length - 1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            long at = records[mid].Offset;
            if (at == offset)
            {
                record = records[mid];
                return true;
            }
            if (at < offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return false;
    }
}
