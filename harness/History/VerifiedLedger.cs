namespace KafkaChaos.History;

/// <summary>What a verifying pass found of one ledger file.</summary>
internal sealed class VerifiedLedger(long intactBytes, LedgerCheckpoint[] boundaries, HistoryStreamInfo info, (long Earliest, long Latest) timestamps)
{
    /// <summary>Bytes from the start found intact.</summary>
    public long IntactBytes { get; } = intactBytes;

    /// <summary>Record boundaries inside them, ascending: chunk i ends at boundary i, the last chunk at <see cref="IntactBytes"/>.</summary>
    public LedgerCheckpoint[] Boundaries { get; } = boundaries;

    /// <summary>The file as the verifying pass reported it.</summary>
    public HistoryStreamInfo Info { get; } = info;

    /// <summary>The earliest and latest timestamps of its intact records.</summary>
    public (long Earliest, long Latest) Timestamps { get; } = timestamps;

    /// <summary>The chunks' IDs, once a full pass after the verifying one noted them.</summary>
    public ChunkIds? Ids { get; set; }

    /// <summary>Chunks: one more than boundaries.</summary>
    public int ChunkCount => Boundaries.Length + 1;

    /// <summary>Where chunk <paramref name="chunk"/> starts: null for the file's start (its header comes first).</summary>
    public LedgerCheckpoint? StartOf(int chunk) => chunk == 0 ? null : Boundaries[chunk - 1];

    /// <summary>Where chunk <paramref name="chunk"/> ends.</summary>
    public long EndOf(int chunk) => chunk < Boundaries.Length ? Boundaries[chunk].Offset : IntactBytes;
}
