namespace KafkaChaos.Storage;

/// <summary>One file a drop put back to its last synced state: its backing path, its length at the last sync, its
/// length before the drop, and how many bytes below the synced length it wrote back (overwritten since the sync).</summary>
internal sealed record DroppedFile(string Path, long SyncedLength, long Length, long RestoredBytes)
{
    /// <summary>Bytes past the synced length that the drop cut off.</summary>
    public long TruncatedBytes => Math.Max(0, Length - SyncedLength);
}
