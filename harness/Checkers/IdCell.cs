using System.Runtime.InteropServices;

namespace KafkaChaos.Checkers;

/// <summary>Everything a check tracks about one ID: 5 bytes, saturating counters.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct IdCell
{
    public const byte Invoked = 1;
    public const byte ResultIgnored = 2;
    public const byte AckedOk = 4;
    public const byte FailSeen = 8;
    public const byte IndeterminateSeen = 16;
    /// <summary>Absence cannot be judged: the ack's partition (or, unknown partition, some partition) was unreadable.</summary>
    public const byte AckUnverifiable = 32;
    public const byte ConsumedSeen = 64;
    /// <summary>Chosen as an example: evidence is collected for it in a second pass.</summary>
    public const byte Example = 128;

    public byte Flags;
    public byte Invocations;
    public byte Completions;
    public byte LogCount;
    public byte ProcessedCount;

    public readonly bool Has(byte flag) => (Flags & flag) != 0;

    public static void Increment(ref byte counter)
    {
        if (counter != byte.MaxValue)
        {
            counter++;
        }
    }
}
