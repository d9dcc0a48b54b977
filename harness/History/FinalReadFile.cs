using System.Buffers.Binary;
using System.Runtime.CompilerServices;

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
internal static class FinalReadFile
{
    /// <summary>The file name used inside a run directory.</summary>
    public const string FileName = "final-read.bin";

    /// <summary>The file's first bytes.</summary>
    internal static ReadOnlySpan<byte> Magic => "KCFR"u8;

    /// <summary>The format version.</summary>
    internal const byte Version = 1;
    private const int ChunkBytes = 1 << 20;

    /// <summary>Writes <paramref name="finalRead"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static Task SaveAsync(FinalRead finalRead, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finalRead);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Task.Run(() => Save(finalRead, path, cancellationToken), cancellationToken);
    }

    private static void Save(FinalRead finalRead, string path, CancellationToken cancellationToken)
    {
        using var writer = FinalReadWriter.Create(path, finalRead.Topic, finalRead.PartitionArray.Length);
        foreach (var log in finalRead.PartitionArray)
        {
            writer.BeginPartition(log.Partition, log.RecordArray.Length);
            foreach (ref readonly var record in log.RecordArray.AsSpan())
            {
                writer.Add(record.Offset, record.Id);
            }
            writer.EndPartition([.. log.UndecodableValues.OrderBy(v => v.Key)]);
            cancellationToken.ThrowIfCancellationRequested();
        }
        writer.Complete([.. finalRead.UnavailablePartitions.OrderBy(p => p.Key)]);
    }

    /// <summary>Reads a final read written by <see cref="SaveAsync"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a complete final read.</exception>
    public static async Task<FinalRead> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var builder = new FinalReadBuilder("");
        await VisitAsync(path, builder, cancellationToken).ConfigureAwait(false);
        return builder.Build();
    }

    /// <summary>
    /// Streams a final read written by <see cref="SaveAsync"/> into <paramref name="visitor"/>, holding one read buffer.
    /// The checksum is verified at the end: when it throws, the visitor has seen data that must be discarded.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a complete final read.</exception>
    public static Task VisitAsync(string path, IFinalReadVisitor visitor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(visitor);
        return Task.Run(() => Visit(path, visitor, cancellationToken), cancellationToken);
    }

    /// <summary>The synchronous form of <see cref="VisitAsync"/>, for callers already off the caller's thread.</summary>
    internal static void Visit(string path, IFinalReadVisitor visitor, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long length = file.Length;
        var reader = new ChecksummedReader(file, Math.Max(0, length - 4), ChunkBytes);
        if (length < Magic.Length + 5 || !reader.ReadBytes(Magic.Length).SequenceEqual(Magic) || reader.ReadByte() != Version)
        {
            throw new InvalidDataException($"'{path}' is not a version {Version} final read.");
        }
        uint crc;
        try
        {
            Parse(reader, visitor, cancellationToken);
            crc = reader.Finish();
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            throw new InvalidDataException($"'{path}' is incomplete or corrupt ({e.Message}).", e);
        }
        Span<byte> trailer = stackalloc byte[4];
        file.ReadExactly(trailer);
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(trailer))
        {
            throw new InvalidDataException($"'{path}' is incomplete or corrupt (checksum mismatch).");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Parse(ChecksummedReader reader, IFinalReadVisitor visitor, CancellationToken cancellationToken)
    {
        var intern = new Dictionary<string, string>(StringComparer.Ordinal);
        visitor.Topic(reader.ReadString(intern));
        ulong partitions = reader.ReadVarUInt();
        for (ulong p = 0; p < partitions; p++)
        {
            int partition = reader.ReadVarInt32();
            ulong count = reader.ReadVarUInt();
            visitor.BeginPartition(partition, checked((long)count));
            long offset = 0;
            for (ulong i = 0; i < count; i++)
            {
                offset += reader.ReadVarInt();
                bool decoded = (reader.ReadByte() & HistoryFormat.FlagDecoded) != 0;
                var record = new LogRecord(offset, decoded ? new MessageId(reader.ReadVarInt32(), reader.ReadVarInt()) : null);
                visitor.Record(partition, in record);
                if ((i & 0xFFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            ulong undecodable = reader.ReadVarUInt();
            for (ulong i = 0; i < undecodable; i++)
            {
                long at = reader.ReadVarInt();
                visitor.UndecodablePrefix(partition, at, reader.ReadBytes(checked((int)reader.ReadVarUInt())));
            }
            visitor.EndPartition(partition);
        }
        ulong unavailable = reader.ReadVarUInt();
        for (ulong i = 0; i < unavailable; i++)
        {
            visitor.Unavailable(reader.ReadVarInt32(), reader.ReadString(intern));
        }
    }
}
