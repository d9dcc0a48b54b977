using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace KafkaChaos.History;

/// <summary>CRC-32C (Castagnoli), hardware-accelerated where the CPU has it (SSE4.2 / ARMv8 CRC).</summary>
internal static class Crc32C
{
    /// <summary>The state to start an incremental computation with.</summary>
    public const uint Initial = ~0u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        // Ledger records are a dozen bytes or so: the tail is most of the work.
        if (data.Length >= 4)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[4..];
        }
        if (data.Length >= 2)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt16LittleEndian(data));
            data = data[2..];
        }
        if (data.Length == 1)
        {
            state = BitOperations.Crc32C(state, data[0]);
        }
        return state;
    }

    public static uint Finish(uint state) => ~state;
}
