using System.Runtime.CompilerServices;

namespace KafkaChaos.History;

/// <summary>
/// Reads the ledger's varint encodings from the first <c>length</c> bytes of a stream in fixed-size chunks,
/// checksumming (CRC-32C) everything it consumes; throws <see cref="InvalidDataException"/> on overrun.
/// </summary>
internal sealed class ChecksummedReader
{
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _position, _end;
    private long _unread;
    private uint _crc = Crc32C.Initial;

    /// <summary>A reader of the next <paramref name="length"/> bytes of <paramref name="stream"/>; no single item may exceed <paramref name="bufferBytes"/>.</summary>
    public ChecksummedReader(Stream stream, long length, int bufferBytes)
    {
        _stream = stream;
        _unread = length;
        _buffer = new byte[bufferBytes];
    }

    /// <summary>Every byte was consumed.</summary>
    public bool AtEnd => _position == _end && _unread == 0;

    /// <summary>Reads one byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if (Ensure(1) < 1)
        {
            throw new InvalidDataException("Data ended early.");
        }
        return _buffer[_position++];
    }

    /// <summary>Reads an unsigned LEB128 varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarUInt()
    {
        int available = Ensure(10);
        if (VarInt.TryRead(_buffer.AsSpan(_position, available), out ulong value, out int length) != VarInt.Status.Ok)
        {
            throw new InvalidDataException("Bad or truncated varint.");
        }
        _position += length;
        return value;
    }

    /// <summary>Reads a zigzag varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadVarInt()
    {
        ulong raw = ReadVarUInt();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>Reads a zigzag varint that must fit an <see cref="int"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadVarInt32() => checked((int)ReadVarInt());

    /// <summary>Reads <paramref name="count"/> bytes; the span is valid until the next read.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > _buffer.Length || Ensure(count) < count)
        {
            throw new InvalidDataException("Data ended early (or an item is larger than the read buffer).");
        }
        var bytes = _buffer.AsSpan(_position, count);
        _position += count;
        return bytes;
    }

    /// <summary>Reads a length-prefixed UTF-8 string, interned through <paramref name="intern"/>.</summary>
    public string ReadString(Dictionary<string, string> intern)
    {
        var text = System.Text.Encoding.UTF8.GetString(ReadBytes(checked((int)ReadVarUInt())));
        if (intern.TryGetValue(text, out var shared))
        {
            return shared;
        }
        intern[text] = text;
        return text;
    }

    /// <summary>The finished CRC-32C of everything read; throws when bytes remain unread.</summary>
    public uint Finish()
    {
        if (!AtEnd)
        {
            throw new InvalidDataException("Unexpected bytes after the end of the data.");
        }
        return Crc32C.Finish(Crc32C.Update(_crc, _buffer.AsSpan(0, _end)));
    }

    /// <summary>Makes up to <paramref name="count"/> bytes available; returns how many are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Ensure(int count)
    {
        if (_end - _position >= count || _unread == 0)
        {
            return Math.Min(count, _end - _position);
        }
        return Refill(count);
    }

    /// <summary>Checksums what was consumed, keeps what was not, and reads on from the stream.</summary>
    private int Refill(int count)
    {
        _crc = Crc32C.Update(_crc, _buffer.AsSpan(0, _position));
        Buffer.BlockCopy(_buffer, _position, _buffer, 0, _end - _position);
        _end -= _position;
        _position = 0;
        while (_end < _buffer.Length && _unread > 0)
        {
            int read = _stream.Read(_buffer, _end, (int)Math.Min(_buffer.Length - _end, _unread));
            if (read == 0)
            {
                throw new InvalidDataException("The file is shorter than it was.");
            }
            _end += read;
            _unread -= read;
        }
        return Math.Min(count, _end);
    }
}
