using System.Runtime.CompilerServices;

namespace KafkaChaos.History;

/// <summary>LEB128 decoding that tells "needs more bytes" from "malformed".</summary>
internal static class VarInt
{
    public enum Status
    {
        Ok,
        Incomplete,
        Invalid,
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Status TryRead(ReadOnlySpan<byte> data, out ulong value, out int length)
    {
        if (!data.IsEmpty && data[0] < 0x80)
        {
            // Most ledger fields (deltas, partitions, flags) fit one byte.
            value = data[0];
            length = 1;
            return Status.Ok;
        }
        value = 0;
        length = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (length >= data.Length)
            {
                return Status.Incomplete;
            }
            byte b = data[length++];
            if (shift == 63 && b > 1)
            {
                return Status.Invalid;
            }
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return Status.Ok;
            }
        }
        return Status.Invalid;
    }
}
