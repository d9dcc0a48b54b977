namespace KafkaChaos.Storage;

/// <summary>What a lazy mount holds unsynced right now: files with unsynced changes and their unsynced bytes.</summary>
internal sealed record DirtyStats(int Files, long Bytes);
