namespace KafkaChaos.History;

/// <summary>
/// What loading one worker's ledger file found: how many records were intact, and how many trailing bytes
/// were discarded as a torn (partially written) tail, which is what a SIGKILLed writer leaves behind.
/// </summary>
/// <param name="Name">The stream (worker) name from the file header, or the file name if the header was torn.</param>
/// <param name="Path">The file the stream was read from; empty for in-memory streams.</param>
/// <param name="Records">Intact records read.</param>
/// <param name="TornBytes">Bytes after the last intact record that were ignored (0 for a cleanly closed file).</param>
internal sealed record HistoryStreamInfo(string Name, string Path, long Records, long TornBytes);
