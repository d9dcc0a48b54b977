using System.Buffers.Binary;
using System.Numerics;

namespace KafkaChaos.History;

/// <summary>CRC-32C (Castagnoli), hardware-accelerated where the CPU has it (SSE4.2 / ARMv8 CRC).</summary>
internal static class Crc32C
{
    /// <summary>The state to start an incremental computation with.</summary>
    public const uint Initial = ~0u;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }
        return state;
    }

    public static uint Finish(uint state) => ~state;
}
