using System.Buffers.Binary;

namespace KafkaChaos.History;

/// <summary>
/// Writes a final read in the <see cref="FinalReadFile"/> format piece by piece, so one of any size can be written
/// without holding it: partitions in order, each announcing its record count. Written to a temporary name and
/// renamed by <see cref="Complete"/>; disposing an incomplete writer deletes the temporary file.
/// </summary>
internal sealed class FinalReadWriter : IDisposable
{
    private const int ChunkBytes = 1 << 20;

    private readonly FileStream _file;
    private readonly string _path;
    private readonly string _temporary;
    private readonly ByteSink _sink = new(ChunkBytes + 4096);
    private readonly int _partitions;
    private uint _crc = Crc32C.Initial;
    private int _partitionsWritten;
    private long _recordsLeft;
    private long _previousOffset;
    private bool _inPartition, _completed;

    private FinalReadWriter(string path, string topic, int partitions)
    {
        _path = path;
        _temporary = path + ".tmp";
        _partitions = partitions;
        _file = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        _sink.Write(FinalReadFile.Magic);
        _sink.WriteByte(FinalReadFile.Version);
        _sink.WriteString(topic);
        _sink.WriteVarUInt((ulong)partitions);
    }

    /// <summary>Starts writing a final read of <paramref name="partitions"/> partitions of <paramref name="topic"/> to <paramref name="path"/>.</summary>
    public static FinalReadWriter Create(string path, string topic, int partitions)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(partitions);
        return new FinalReadWriter(path, topic, partitions);
    }

    /// <summary>Starts a partition of exactly <paramref name="recordCount"/> records.</summary>
    public void BeginPartition(int partition, long recordCount)
    {
        if (_inPartition || _partitionsWritten == _partitions)
        {
            throw new InvalidOperationException("The previous partition is not ended, or every announced partition was written.");
        }
        _sink.WriteVarInt(partition);
        _sink.WriteVarUInt((ulong)recordCount);
        _recordsLeft = recordCount;
        _previousOffset = 0;
        _inPartition = true;
    }

    /// <summary>Adds the next record (ascending offsets); <paramref name="id"/> null is an undecodable value.</summary>
    public void Add(long offset, MessageId? id)
    {
        if (!_inPartition || _recordsLeft-- == 0)
        {
            throw new InvalidOperationException("More records than the partition announced.");
        }
        _sink.WriteVarInt(offset - _previousOffset);
        _previousOffset = offset;
        _sink.WriteByte(id.HasValue ? HistoryFormat.FlagDecoded : (byte)0);
        if (id is { } value)
        {
            _sink.WriteVarInt(value.ProducerId);
            _sink.WriteVarInt(value.Sequence);
        }
        if (_sink.Length >= ChunkBytes)
        {
            Drain();
        }
    }

    /// <summary>Ends the partition with the prefixes of its undecodable values (ascending offsets).</summary>
    public void EndPartition(IReadOnlyCollection<KeyValuePair<long, byte[]>> undecodable)
    {
        if (!_inPartition || _recordsLeft != 0)
        {
            throw new InvalidOperationException("Fewer records than the partition announced.");
        }
        _sink.WriteVarUInt((ulong)undecodable.Count);
        foreach (var (offset, prefix) in undecodable)
        {
            _sink.WriteVarInt(offset);
            _sink.WriteVarUInt((ulong)prefix.Length);
            _sink.Write(prefix);
        }
        _inPartition = false;
        _partitionsWritten++;
    }

    /// <summary>Writes the unreadable partitions and the checksum, and moves the file into place.</summary>
    public void Complete(IReadOnlyCollection<KeyValuePair<int, string>> unavailable)
    {
        if (_inPartition || _partitionsWritten != _partitions)
        {
            throw new InvalidOperationException($"{_partitionsWritten} of {_partitions} partitions were written.");
        }
        _sink.WriteVarUInt((ulong)unavailable.Count);
        foreach (var (partition, reason) in unavailable)
        {
            _sink.WriteVarInt(partition);
            _sink.WriteString(reason);
        }
        Drain();
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32C.Finish(_crc));
        _file.Write(trailer);
        _file.Dispose();
        File.Move(_temporary, _path, overwrite: true);
        _completed = true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_completed)
        {
            return;
        }
        _file.Dispose();
        try
        {
            File.Delete(_temporary);
        }
        catch (IOException)
        {
        }
    }

    private void Drain()
    {
        _crc = Crc32C.Update(_crc, _sink.Span);
        _file.Write(_sink.Span);
        _sink.Clear();
    }
}
