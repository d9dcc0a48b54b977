namespace KafkaChaos.History;

/// <summary>
/// How many bytes of each ledger file a first pass found intact (<see cref="HistoryReader.VisitRun"/>), and the record
/// boundaries it noted on the way. Later passes read exactly those bytes without checksumming them again, in segments
/// between the boundaries decoded at once, so a check's passes cost one verification between them, use every core even
/// on one large stream, and see the same records even if a file grew or was torn further meanwhile.
/// </summary>
internal sealed class VerifiedLedgers
{
    /// <summary>Default bytes between the boundaries noted: 8 MiB, a few hundred thousand records.</summary>
    public const long DefaultSegmentBytes = 8L << 20;

    private readonly Dictionary<string, (long IntactBytes, LedgerCheckpoint[] Boundaries)> _files = new(StringComparer.Ordinal);

    /// <summary>Verified lengths to be noted, with a boundary every <paramref name="segmentBytes"/> or so (default <see cref="DefaultSegmentBytes"/>).</summary>
    public VerifiedLedgers(long segmentBytes = DefaultSegmentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentBytes);
        SegmentBytes = segmentBytes;
    }

    /// <summary>Bytes between the boundaries a verifying pass notes.</summary>
    public long SegmentBytes { get; }

    /// <summary>The intact length of <paramref name="path"/> and its record boundaries, when a pass verified it.</summary>
    public bool TryGet(string path, out long intactBytes, out LedgerCheckpoint[] boundaries)
    {
        bool found = _files.TryGetValue(path, out var file);
        (intactBytes, boundaries) = found ? file : (-1, []);
        return found;
    }

    /// <summary>Notes that the first <paramref name="intactBytes"/> bytes of <paramref name="path"/> are intact, with record boundaries inside them.</summary>
    public void Set(string path, long intactBytes, IEnumerable<LedgerCheckpoint> boundaries) =>
        _files[path] = (intactBytes, [.. boundaries.Where(b => b.Offset < intactBytes)]);
}
