using System.Text;

namespace KafkaChaos.History;

/// <summary>Reads the ledger's varint encodings from a checksummed payload; throws <see cref="InvalidDataException"/> on overrun.</summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    public byte ReadByte()
    {
        if (_position >= _payload.Length)
        {
            throw new InvalidDataException("Ledger record payload ended early.");
        }
        return _payload[_position++];
    }

    public ulong ReadVarUInt()
    {
        var status = VarInt.TryRead(_payload[_position..], out ulong value, out int length);
        if (status != VarInt.Status.Ok)
        {
            throw new InvalidDataException("Bad varint in ledger record payload.");
        }
        _position += length;
        return value;
    }

    public long ReadVarInt()
    {
        ulong raw = ReadVarUInt();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

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
