namespace KafkaChaos.History;

/// <summary>
/// Receives a final read piece by piece, in file order (<see cref="FinalReadFile.VisitAsync"/>,
/// <see cref="FinalRead.Accept"/>): partitions ascending, each partition's records by ascending offset, then its
/// undecodable prefixes by offset; the unavailable partitions last.
/// </summary>
internal interface IFinalReadVisitor
{
    /// <summary>The topic read; comes first.</summary>
    void Topic(string topic);

    /// <summary>A partition that was read begins; <paramref name="recordCount"/> records follow.</summary>
    void BeginPartition(int partition, long recordCount);

    /// <summary>One record of the current partition.</summary>
    void Record(int partition, in LogRecord record);

    /// <summary>The first bytes of an undecodable value of the current partition (after all its records).</summary>
    void UndecodablePrefix(int partition, long offset, ReadOnlySpan<byte> prefix);

    /// <summary>The current partition is complete.</summary>
    void EndPartition(int partition);

    /// <summary>A partition that could not be read, with the reason.</summary>
    void Unavailable(int partition, string reason);
}
