namespace KafkaChaos.Storage;

/// <summary>What one drop of unsynced data discarded on one lazy mount: files and bytes (truncated plus restored).</summary>
internal sealed record DropReport(string Mountpoint, int Files, long Bytes, IReadOnlyList<DroppedFile> Details)
{
    public override string ToString() => $"{Files} file(s), {Bytes} byte(s) unsynced dropped at {Mountpoint}";
}
