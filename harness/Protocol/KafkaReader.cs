using System.Buffers.Binary;
using System.Text;

namespace KafkaChaos.Protocol;

/// <summary>Reads Kafka protocol primitives from a response or request body. Every read checks the bounds: a
/// short or inconsistent body throws <see cref="InvalidDataException"/> naming what was being read, never
/// returns a guess. <see cref="Flexible"/> switches strings and arrays to their compact forms.</summary>
internal sealed class KafkaReader(ReadOnlyMemory<byte> data, bool flexible)
{
    private readonly ReadOnlyMemory<byte> _data = data;

    public bool Flexible { get; set; } = flexible;

    public int Position { get; private set; }

    public int Remaining => _data.Length - Position;

    public sbyte Int8() => (sbyte)Take(1, "int8")[0];

    public bool Bool() => Take(1, "bool")[0] != 0;

    public short Int16() => BinaryPrimitives.ReadInt16BigEndian(Take(2, "int16"));

    public int Int32() => BinaryPrimitives.ReadInt32BigEndian(Take(4, "int32"));

    public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8, "int64"));

    public Guid Uuid() => new(Take(16, "uuid"), bigEndian: true);

    public uint UnsignedVarint()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(1, "varint")[0];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }

        throw new InvalidDataException($"Varint longer than 5 bytes at offset {Position}.");
    }

    /// <summary>A string or compact string; null when the wire says null.</summary>
    public string? NullableString()
    {
        int length;
        if (Flexible)
        {
            var lengthPlusOne = UnsignedVarint();
            if (lengthPlusOne == 0) return null;
            length = checked((int)(lengthPlusOne - 1));
        }
        else
        {
            length = Int16();
            if (length == -1) return null;
            if (length < 0) throw new InvalidDataException($"String length {length} at offset {Position - 2}.");
        }

        return Encoding.UTF8.GetString(Take(length, "string"));
    }

    public string String() => NullableString() ?? throw new InvalidDataException($"Null where the spec has a non-nullable string (offset {Position}).");

    /// <summary>An array's element count, or null for a null array.</summary>
    public int? ArrayLength()
    {
        int count;
        if (Flexible)
        {
            var countPlusOne = UnsignedVarint();
            if (countPlusOne == 0) return null;
            count = checked((int)(countPlusOne - 1));
        }
        else
        {
            count = Int32();
            if (count == -1) return null;
            if (count < 0) throw new InvalidDataException($"Array length {count} at offset {Position - 4}.");
        }

        // Every element takes at least one byte: a count beyond the bytes left is corrupt, not a huge array.
        if (count > Remaining) throw new InvalidDataException($"Array of {count} elements with {Remaining} bytes left.");
        return count;
    }

    public int[] Int32Array()
    {
        var values = new int[ArrayLength() ?? 0];
        for (var i = 0; i < values.Length; i++) values[i] = Int32();
        return values;
    }

    /// <summary>A struct's tagged-field section (flexible versions only): each (tag, value) is passed to
    /// <paramref name="onField"/> (unknown tags are skipped, as the spec requires).</summary>
    public void TaggedFields(Action<uint, KafkaReader>? onField = null)
    {
        if (!Flexible) return;
        var count = UnsignedVarint();
        for (var i = 0u; i < count; i++)
        {
            var tag = UnsignedVarint();
            var size = checked((int)UnsignedVarint());
            var start = Position;
            Take(size, $"tagged field {tag}");
            onField?.Invoke(tag, new KafkaReader(_data.Slice(start, size), Flexible));
        }
    }

    /// <summary>Throws unless the whole body was read: a leftover means the layout assumed for this version is wrong.</summary>
    public void ExpectEnd(string what)
    {
        if (Remaining != 0) throw new InvalidDataException($"{what}: {Remaining} bytes left over after the last field.");
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count < 0 || count > Remaining)
            throw new InvalidDataException($"Truncated body: {what} of {count} bytes at offset {Position}, {Remaining} left.");
        var span = _data.Span.Slice(Position, count);
        Position += count;
        return span;
    }
}
