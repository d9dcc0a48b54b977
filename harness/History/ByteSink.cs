using System.Buffers.Binary;
using System.Text;

namespace KafkaChaos.History;

/// <summary>A growable byte buffer with the ledger's varint encodings. Not thread-safe.</summary>
internal sealed class ByteSink(int initialCapacity)
{
    private byte[] _buffer = new byte[initialCapacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void WriteUInt32LittleEndian(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void WriteVarUInt(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[Length++] = (byte)value;
    }

    public void WriteVarInt(long value) => WriteVarUInt((ulong)((value << 1) ^ (value >> 63)));

    public void WriteString(string value)
    {
        if (value.Length > HistoryFormat.MaxStringChars)
        {
            int cut = HistoryFormat.MaxStringChars;
            if (char.IsHighSurrogate(value[cut - 1]))
            {
                cut--;
            }
            value = value[..cut];
        }
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt((ulong)byteCount);
        Ensure(byteCount);
        Length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Length));
    }

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}
