namespace KafkaChaos.History;

/// <summary>
/// The ledger file format, version 1. All integers are LEB128 varints; signed ones zigzag-encoded.
/// <code>
/// header : "KCHL" | version (1 byte) | name length | name (UTF-8) | base ticks | CRC-32C of the preceding header bytes (4 bytes LE)
/// record : kind (1 byte) | payload length | payload | CRC-32C of kind+length+payload (4 bytes LE)
/// payload: starts with the timestamp as a zigzag delta from the previous record's (the header's base
///          ticks for the first), then the kind's fields (see <see cref="HistoryWriter"/>).
/// </code>
/// A reader stops at the first record that is incomplete or fails its checksum; everything from there on
/// is a torn tail (a writer killed mid-write). Unknown kinds with a valid checksum are skipped.
/// </summary>
internal static class HistoryFormat
{
    public static ReadOnlySpan<byte> Magic => "KCHL"u8;
    public const byte Version = 1;
    public const string FileExtension = ".history";

    /// <summary>Records larger than this are treated as corruption, not allocated.</summary>
    public const int MaxPayloadBytes = 1 << 16;

    /// <summary>Strings (reasons, details, notes) are cut to this many UTF-16 chars so a record stays small.</summary>
    public const int MaxStringChars = 2048;

    public const byte FlagResultIgnored = 1;
    public const byte FlagDecoded = 1;
}
