namespace KafkaChaos.History;

/// <summary>
/// How many bytes of each ledger file a first pass found intact (<see cref="HistoryReader.VisitRun"/>), the record
/// boundaries it noted on the way, and what it reported of the file. Later passes read exactly those bytes without
/// checksumming them again, in segments of <see cref="ChunksPerSegment"/> chunks decoded at once, so a check's passes
/// cost one verification between them, use every core even on one large stream, and see the same records even if a
/// file grew or was torn further meanwhile. The first later full pass also notes which IDs each chunk holds
/// (<see cref="VerifiedLedger.Ids"/>), so a pass after it that wants a few IDs reads only their chunks.
/// </summary>
internal sealed class VerifiedLedgers
{
    /// <summary>Default bytes between the boundaries noted: 256 KiB, some ten thousand records.</summary>
    public const long DefaultChunkBytes = 256L << 10;

    /// <summary>Default chunks per segment: 32, so a full pass decodes 8 MiB per thread start.</summary>
    public const int DefaultChunksPerSegment = 32;

    private readonly Dictionary<string, VerifiedLedger> _files = new(StringComparer.Ordinal);

    /// <summary>Verified lengths to be noted, with a boundary every <paramref name="chunkBytes"/> or so, read <paramref name="chunksPerSegment"/> chunks at a time.</summary>
    public VerifiedLedgers(long chunkBytes = DefaultChunkBytes, int chunksPerSegment = DefaultChunksPerSegment)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunksPerSegment);
        ChunkBytes = chunkBytes;
        ChunksPerSegment = chunksPerSegment;
    }

    /// <summary>Bytes between the boundaries a verifying pass notes.</summary>
    public long ChunkBytes { get; }

    /// <summary>Chunks a full pass reads per segment.</summary>
    public int ChunksPerSegment { get; }

    /// <summary>What the verifying pass found of <paramref name="path"/>; null before it.</summary>
    public VerifiedLedger? Find(string path) => _files.GetValueOrDefault(path);

    /// <summary>Notes that the first <paramref name="intactBytes"/> bytes of <paramref name="path"/> are intact, with record boundaries inside them.</summary>
    public void Set(string path, long intactBytes, IEnumerable<LedgerCheckpoint> boundaries, HistoryStreamInfo info, (long Earliest, long Latest) timestamps) =>
        _files[path] = new VerifiedLedger(intactBytes, [.. boundaries.Where(b => b.Offset < intactBytes)], info, timestamps);
}
