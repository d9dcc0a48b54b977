using System.Buffers.Binary;
using System.Text;

namespace KafkaChaos.Protocol;

/// <summary>Writes Kafka protocol primitives (big-endian ints, classic and compact strings and arrays, unsigned
/// varints, uuids, tagged fields) into a growing buffer. <paramref name="flexible"/> picks the compact forms.</summary>
internal sealed class KafkaWriter(bool flexible)
{
    private byte[] _buffer = new byte[256];

    public bool Flexible { get; } = flexible;

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Int8(sbyte value) => Reserve(1)[0] = (byte)value;

    public void Bool(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    public void Int16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);

    public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

    public void Int64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    /// <summary>A uuid as Kafka sends it: 16 bytes, most significant first.</summary>
    public void Uuid(Guid value) => value.TryWriteBytes(Reserve(16), bigEndian: true, out _);

    public void UnsignedVarint(uint value)
    {
        while (value >= 0x80)
        {
            Reserve(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }

        Reserve(1)[0] = (byte)value;
    }

    /// <summary>A string (int16 length) or compact string (varint length + 1); null only where the spec says nullable.</summary>
    public void String(string? value)
    {
        if (value is null)
        {
            if (Flexible) UnsignedVarint(0);
            else Int16(-1);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        if (Flexible) UnsignedVarint((uint)bytes.Length + 1);
        else Int16(checked((short)bytes.Length));
        bytes.CopyTo(Reserve(bytes.Length));
    }

    /// <summary>An array's length: int32 (-1 = null) or compact varint length + 1 (0 = null).</summary>
    public void ArrayLength(int? count)
    {
        if (Flexible) UnsignedVarint(count is { } n ? (uint)n + 1 : 0);
        else Int32(count ?? -1);
    }

    public void Int32Array(IReadOnlyList<int> values)
    {
        ArrayLength(values.Count);
        foreach (var value in values) Int32(value);
    }

    /// <summary>The tagged-field section of a struct in a flexible version: fields as (tag, bytes), in tag order.</summary>
    public void TaggedFields(params (uint Tag, byte[] Value)[] fields)
    {
        if (!Flexible) return;
        UnsignedVarint((uint)fields.Length);
        foreach (var (tag, value) in fields.OrderBy(f => f.Tag))
        {
            UnsignedVarint(tag);
            UnsignedVarint((uint)value.Length);
            value.CopyTo(Reserve(value.Length));
        }
    }

    public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>The written bytes behind a 4-byte size: a frame ready for the socket.</summary>
    public byte[] ToFrame()
    {
        var frame = new byte[4 + Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, Length);
        Written.CopyTo(frame.AsSpan(4));
        return frame;
    }

    public byte[] ToArray() => Written.ToArray();

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
