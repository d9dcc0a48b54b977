using System.Buffers.Binary;

namespace KafkaChaos.History;

/// <summary>
/// Codec for a record <em>value</em> that carries a <see cref="MessageId"/>. Values, not headers: 0.9
/// brokers have no record headers. Layout (little-endian):
/// <code>
/// [0]      magic 0xCA
/// [1]      version 1
/// [2..6)   producer id (int32)
/// [6..14)  sequence (int64)
/// [14..18) CRC-32C of bytes [0..14)
/// [18..)   padding up to the requested size: a pseudo-random pattern derived from the id, so broker
///          compression cannot shrink sized messages to nothing; not checked on decode.
/// </code>
/// </summary>
internal static class MessageEnvelope
{
    /// <summary>The smallest encoded value, in bytes (18). Smaller requested sizes are raised to this.</summary>
    public const int MinimumSize = 18;

    /// <summary>First byte of every envelope.</summary>
    public const byte Magic = 0xCA;

    /// <summary>Envelope layout version.</summary>
    public const byte Version = 1;

    private const int ChecksumOffset = 14;

    /// <summary>
    /// Encodes <paramref name="id"/> into a new array of <paramref name="totalBytes"/> bytes; a size below
    /// <see cref="MinimumSize"/> yields <see cref="MinimumSize"/> bytes.
    /// </summary>
    public static byte[] Encode(MessageId id, int totalBytes)
    {
        var value = new byte[Math.Max(totalBytes, MinimumSize)];
        Encode(id, value);
        return value;
    }

    /// <summary>Encodes <paramref name="id"/> filling all of <paramref name="destination"/> (at least <see cref="MinimumSize"/> bytes).</summary>
    public static void Encode(MessageId id, Span<byte> destination)
    {
        if (destination.Length < MinimumSize)
        {
            throw new ArgumentException($"An envelope needs at least {MinimumSize} bytes; got {destination.Length}.", nameof(destination));
        }
        destination[0] = Magic;
        destination[1] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(destination[2..], id.ProducerId);
        BinaryPrimitives.WriteInt64LittleEndian(destination[6..], id.Sequence);
        uint crc = Crc32C.Compute(destination[..ChecksumOffset]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChecksumOffset..], crc);
        FillPadding(destination[MinimumSize..], crc);
    }

    /// <summary>
    /// Decodes a value written by <see cref="Encode(MessageId, int)"/>. Returns false for values that are
    /// too short, have another magic or version, or fail the checksum (foreign or corrupt values).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, out MessageId id)
    {
        id = default;
        if (value.Length < MinimumSize || value[0] != Magic || value[1] != Version)
        {
            return false;
        }
        if (Crc32C.Compute(value[..ChecksumOffset]) != BinaryPrimitives.ReadUInt32LittleEndian(value[ChecksumOffset..]))
        {
            return false;
        }
        id = new MessageId(BinaryPrimitives.ReadInt32LittleEndian(value[2..]), BinaryPrimitives.ReadInt64LittleEndian(value[6..]));
        return true;
    }

    private static void FillPadding(Span<byte> padding, uint seed)
    {
        // xorshift32: cheap, deterministic, incompressible enough for sizing experiments.
        uint state = seed | 1u;
        for (int i = 0; i < padding.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            padding[i] = (byte)state;
        }
    }
}
