namespace KafkaChaos.History;

/// <summary>
/// A record boundary of a ledger file, where a reader can start without the records before it: the byte offset and
/// the timestamp the next record's delta is taken from.
/// </summary>
/// <param name="Offset">Bytes from the start of the file.</param>
/// <param name="Ticks">The timestamp of the record before the boundary (the header's base ticks at the first).</param>
internal readonly record struct LedgerCheckpoint(long Offset, long Ticks);
