using System.Runtime.CompilerServices;
using System.Text;

namespace KafkaChaos.History;

/// <summary>Reads the ledger's varint encodings from a checksummed payload; throws <see cref="InvalidDataException"/> on overrun.</summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if (_position >= _payload.Length)
        {
            throw new InvalidDataException("Ledger record payload ended early.");
        }
        return _payload[_position++];
    }

    /// <summary>Reads an unsigned LEB128 varint: the same encodings as <see cref="VarInt.TryRead"/> accepts, inlined, since a check decodes billions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarUInt()
    {
        var payload = _payload;
        int position = _position;
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            if ((uint)position >= (uint)payload.Length || shift > 63)
            {
                throw new InvalidDataException("Bad varint in ledger record payload.");
            }
            byte b = payload[position++];
            if (shift == 63 && b > 1)
            {
                throw new InvalidDataException("Bad varint in ledger record payload.");
            }
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                _position = position;
                return value;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadVarInt()
    {
        ulong raw = ReadVarUInt();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadVarInt32() => checked((int)ReadVarInt());

    public string ReadString(Dictionary<string, string> intern)
    {
        int length = checked((int)ReadVarUInt());
        if (length > _payload.Length - _position)
        {
            throw new InvalidDataException("Ledger string runs past its record.");
        }
        string text = Encoding.UTF8.GetString(_payload.Slice(_position, length));
        _position += length;
        if (intern.TryGetValue(text, out var shared))
        {
            return shared;
        }
        intern[text] = text;
        return text;
    }
}
