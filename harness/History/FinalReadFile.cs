using System.Buffers.Binary;

namespace KafkaChaos.History;

/// <summary>
/// Stores a <see cref="FinalRead"/> in the run directory (<see cref="FileName"/>) so a run can be checked and
/// reported again later. Written once, after the run, by the runner: the file is written to a temporary
/// name and renamed, and its trailing checksum covers everything, so a partial file is never mistaken
/// for a complete final read (loading one throws <see cref="InvalidDataException"/>).
/// </summary>
/// <remarks>
/// Format: "KCFR" | version 1 | topic | partition count | per partition: number, record count, records
/// (offset as a zigzag delta from the previous one, flags, producer id and sequence when decoded),
/// undecodable prefixes (offset, length, bytes) | unavailable count | (partition, reason)... | CRC-32C (4 bytes LE).
/// Integers are LEB128 varints as in the ledger.
/// </remarks>
public static class FinalReadFile
{
    /// <summary>The file name used inside a run directory.</summary>
    public const string FileName = "final-read.bin";

    private static ReadOnlySpan<byte> Magic => "KCFR"u8;
    private const byte Version = 1;
    private const int ChunkBytes = 1 << 20;

    /// <summary>Writes <paramref name="finalRead"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static async Task SaveAsync(FinalRead finalRead, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finalRead);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            var sink = new ByteSink(ChunkBytes + 4096);
            uint crc = Crc32C.Initial;
            async Task DrainAsync(bool force)
            {
                if (sink.Length >= ChunkBytes || (force && sink.Length > 0))
                {
                    crc = Crc32C.Update(crc, sink.Span);
                    await file.WriteAsync(sink.Span.ToArray(), cancellationToken).ConfigureAwait(false);
                    sink.Clear();
                }
            }

            sink.Write(Magic);
            sink.WriteByte(Version);
            sink.WriteString(finalRead.Topic);
            sink.WriteVarUInt((ulong)finalRead.PartitionArray.Length);
            foreach (var log in finalRead.PartitionArray)
            {
                sink.WriteVarInt(log.Partition);
                sink.WriteVarUInt((ulong)log.RecordArray.Length);
                long previous = 0;
                for (int i = 0; i < log.RecordArray.Length; i++)
                {
                    var record = log.RecordArray[i];
                    sink.WriteVarInt(record.Offset - previous);
                    previous = record.Offset;
                    sink.WriteByte(record.IsDecoded ? HistoryFormat.FlagDecoded : (byte)0);
                    if (record.IsDecoded)
                    {
                        sink.WriteVarInt(record.RawId.ProducerId);
                        sink.WriteVarInt(record.RawId.Sequence);
                    }
                    if ((i & 0xFFF) == 0)
                    {
                        await DrainAsync(force: false).ConfigureAwait(false);
                    }
                }
                sink.WriteVarUInt((ulong)log.UndecodableValues.Count);
                foreach (var (offset, prefix) in log.UndecodableValues.OrderBy(v => v.Key))
                {
                    sink.WriteVarInt(offset);
                    sink.WriteVarUInt((ulong)prefix.Length);
                    sink.Write(prefix);
                }
            }
            sink.WriteVarUInt((ulong)finalRead.UnavailablePartitions.Count);
            foreach (var (partition, reason) in finalRead.UnavailablePartitions.OrderBy(p => p.Key))
            {
                sink.WriteVarInt(partition);
                sink.WriteString(reason);
            }
            await DrainAsync(force: true).ConfigureAwait(false);
            var trailer = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32C.Finish(crc));
            await file.WriteAsync(trailer, cancellationToken).ConfigureAwait(false);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a final read written by <see cref="SaveAsync"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a complete final read.</exception>
    public static async Task<FinalRead> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes.Length < Magic.Length + 5 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic) || bytes[Magic.Length] != Version)
        {
            throw new InvalidDataException($"'{path}' is not a version {Version} final read.");
        }
        var body = bytes.AsSpan(0, bytes.Length - 4);
        if (Crc32C.Compute(body) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)))
        {
            throw new InvalidDataException($"'{path}' is incomplete or corrupt (checksum mismatch).");
        }
        return Parse(body[(Magic.Length + 1)..]);
    }

    private static FinalRead Parse(ReadOnlySpan<byte> body)
    {
        var reader = new PayloadReader(body);
        var intern = new Dictionary<string, string>(StringComparer.Ordinal);
        var builder = new FinalReadBuilder(reader.ReadString(intern));
        ulong partitions = reader.ReadVarUInt();
        for (ulong p = 0; p < partitions; p++)
        {
            int partition = reader.ReadVarInt32();
            builder.AddPartition(partition);
            ulong count = reader.ReadVarUInt();
            long offset = 0;
            for (ulong i = 0; i < count; i++)
            {
                offset += reader.ReadVarInt();
                bool decoded = (reader.ReadByte() & HistoryFormat.FlagDecoded) != 0;
                builder.Add(partition, offset, decoded ? new MessageId(reader.ReadVarInt32(), reader.ReadVarInt()) : null);
            }
            ulong undecodable = reader.ReadVarUInt();
            for (ulong i = 0; i < undecodable; i++)
            {
                long at = reader.ReadVarInt();
                int length = checked((int)reader.ReadVarUInt());
                var prefix = new byte[length];
                for (int b = 0; b < length; b++)
                {
                    prefix[b] = reader.ReadByte();
                }
                builder.SetUndecodablePrefix(partition, at, prefix);
            }
        }
        ulong unavailable = reader.ReadVarUInt();
        for (ulong i = 0; i < unavailable; i++)
        {
            builder.MarkUnavailable(reader.ReadVarInt32(), reader.ReadString(intern));
        }
        return builder.Build();
    }
}
