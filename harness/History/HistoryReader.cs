using System.Buffers.Binary;
using System.Text;

namespace KafkaChaos.History;

/// <summary>
/// Reads ledger files. Tolerates a torn tail: parsing of a stream stops at the first record that is
/// incomplete or fails its checksum, and the discarded byte count is reported in <see cref="HistoryStreamInfo.TornBytes"/>.
/// </summary>
public static class HistoryReader
{
    private const int ReadChunkBytes = 1 << 20;

    /// <summary>Loads and merges every <c>*.history</c> file of <paramref name="runDirectory"/> (ordinal file-name order).</summary>
    public static async Task<RunHistory> LoadAsync(string runDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        var files = Directory.GetFiles(runDirectory, "*" + HistoryFormat.FileExtension);
        Array.Sort(files, StringComparer.Ordinal);
        var builders = new List<HistoryBuilder>(files.Length);
        var infos = new HistoryStreamInfo[files.Length];
        var intern = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < files.Length; i++)
        {
            await using var stream = new FileStream(files[i], FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            var builder = new HistoryBuilder();
            infos[i] = await ReadStreamAsync(stream, files[i], builder, intern, cancellationToken).ConfigureAwait(false);
            builders.Add(builder);
        }
        return HistoryBuilder.Merge(builders, infos);
    }

    /// <summary>Reads one ledger stream (e.g. a file or a copy of one) into <paramref name="builder"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a ledger (wrong magic or version).</exception>
    public static async Task<HistoryStreamInfo> ReadStreamAsync(Stream stream, string path, HistoryBuilder builder, CancellationToken cancellationToken = default) =>
        await ReadStreamAsync(stream, path, builder, new Dictionary<string, string>(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);

    private static async Task<HistoryStreamInfo> ReadStreamAsync(
        Stream stream, string path, HistoryBuilder builder, Dictionary<string, string> intern, CancellationToken cancellationToken)
    {
        var state = new ParseState(builder, intern, Path.GetFileNameWithoutExtension(path));
        byte[] buffer = new byte[ReadChunkBytes];
        int start = 0, end = 0;
        long totalBytes = 0, intactBytes = 0, records = 0;
        bool eof = false, stopped = false;
        while (!stopped)
        {
            var step = Parse(buffer.AsSpan(start, end - start), state, out int consumed, out int parsedRecords);
            start += consumed;
            intactBytes += consumed;
            records += parsedRecords;
            switch (step)
            {
                case ParseStep.Corrupt:
                    stopped = true;
                    break;
                case ParseStep.NeedMore when eof:
                    stopped = true;
                    break;
                case ParseStep.NeedMore:
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    if (end == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                    int read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        eof = true;
                    }
                    end += read;
                    totalBytes += read;
                    break;
            }
        }
        // Count what lies beyond the point where parsing stopped, without keeping it.
        while (!eof)
        {
            int read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            eof = read == 0;
            totalBytes += read;
        }
        return new HistoryStreamInfo(state.Name, path, records, totalBytes - intactBytes);
    }

    private enum ParseStep
    {
        NeedMore,
        Corrupt,
    }

    private sealed class ParseState(HistoryBuilder builder, Dictionary<string, string> intern, string fallbackName)
    {
        public HistoryBuilder Builder { get; } = builder;
        public Dictionary<string, string> Intern { get; } = intern;
        public Dictionary<SendFailure, SendFailure> Failures { get; } = [];
        public bool HeaderRead { get; set; }
        public string Name { get; set; } = fallbackName;
        public long LastTicks { get; set; }
    }

    /// <summary>Parses as many whole records as <paramref name="data"/> holds.</summary>
    private static ParseStep Parse(ReadOnlySpan<byte> data, ParseState state, out int consumed, out int records)
    {
        consumed = 0;
        records = 0;
        if (!state.HeaderRead)
        {
            var header = ParseHeader(data, state, out int headerLength);
            if (header is { } step)
            {
                return step;
            }
            state.HeaderRead = true;
            consumed = headerLength;
        }
        while (true)
        {
            var rest = data[consumed..];
            if (rest.IsEmpty)
            {
                return ParseStep.NeedMore;
            }
            var lengthStatus = VarInt.TryRead(rest[1..], out ulong payloadLength, out int lengthBytes);
            if (lengthStatus == VarInt.Status.Incomplete)
            {
                return ParseStep.NeedMore;
            }
            if (lengthStatus == VarInt.Status.Invalid || payloadLength > HistoryFormat.MaxPayloadBytes)
            {
                return ParseStep.Corrupt;
            }
            int framed = 1 + lengthBytes + (int)payloadLength;
            if (rest.Length < framed + 4)
            {
                return ParseStep.NeedMore;
            }
            if (Crc32C.Compute(rest[..framed]) != BinaryPrimitives.ReadUInt32LittleEndian(rest[framed..]))
            {
                return ParseStep.Corrupt;
            }
            try
            {
                Decode((HistoryRecordKind)rest[0], rest[(1 + lengthBytes)..framed], state);
            }
            catch (Exception e) when (e is InvalidDataException or OverflowException or DecoderFallbackException)
            {
                return ParseStep.Corrupt;
            }
            consumed += framed + 4;
            records++;
        }
    }

    /// <summary>Returns null when the header was read, else why not.</summary>
    private static ParseStep? ParseHeader(ReadOnlySpan<byte> data, ParseState state, out int length)
    {
        length = 0;
        var magic = HistoryFormat.Magic;
        int checkable = Math.Min(data.Length, magic.Length + 1);
        var expected = (stackalloc byte[] { magic[0], magic[1], magic[2], magic[3], HistoryFormat.Version })[..checkable];
        if (!data[..checkable].SequenceEqual(expected))
        {
            throw new InvalidDataException($"'{state.Name}' is not a version {HistoryFormat.Version} ledger file.");
        }
        if (data.Length <= magic.Length + 1)
        {
            return ParseStep.NeedMore;
        }
        int position = magic.Length + 1;
        var status = VarInt.TryRead(data[position..], out ulong nameLength, out int read);
        if (status != VarInt.Status.Ok)
        {
            return status == VarInt.Status.Incomplete ? ParseStep.NeedMore : ParseStep.Corrupt;
        }
        if (nameLength > 4096)
        {
            return ParseStep.Corrupt;
        }
        position += read;
        if (data.Length < position + (int)nameLength)
        {
            return ParseStep.NeedMore;
        }
        var nameBytes = data.Slice(position, (int)nameLength);
        position += (int)nameLength;
        status = VarInt.TryRead(data[position..], out ulong rawTicks, out read);
        if (status != VarInt.Status.Ok)
        {
            return status == VarInt.Status.Incomplete ? ParseStep.NeedMore : ParseStep.Corrupt;
        }
        position += read;
        if (data.Length < position + 4)
        {
            return ParseStep.NeedMore;
        }
        if (Crc32C.Compute(data[..position]) != BinaryPrimitives.ReadUInt32LittleEndian(data[position..]))
        {
            return ParseStep.Corrupt;
        }
        state.Name = Encoding.UTF8.GetString(nameBytes);
        state.LastTicks = (long)(rawTicks >> 1) ^ -(long)(rawTicks & 1);
        length = position + 4;
        return null;
    }

    private static void Decode(HistoryRecordKind kind, ReadOnlySpan<byte> payload, ParseState state)
    {
        var reader = new PayloadReader(payload);
        long ticks = state.LastTicks + reader.ReadVarInt();
        var builder = state.Builder;
        switch (kind)
        {
            case HistoryRecordKind.SendInvoked:
            {
                var id = new MessageId(reader.ReadVarInt32(), reader.ReadVarInt());
                bool ignored = (reader.ReadByte() & HistoryFormat.FlagResultIgnored) != 0;
                builder.Add(new SendInvoked(ticks, id, ignored));
                break;
            }
            case HistoryRecordKind.SendCompleted:
            {
                var id = new MessageId(reader.ReadVarInt32(), reader.ReadVarInt());
                var outcomeKind = (SendOutcomeKind)reader.ReadByte();
                SendOutcome outcome;
                switch (outcomeKind)
                {
                    case SendOutcomeKind.Ok:
                        outcome = SendOutcome.Ok(reader.ReadVarInt32(), reader.ReadVarInt());
                        break;
                    case SendOutcomeKind.Fail or SendOutcomeKind.Indeterminate:
                        string code = reader.ReadString(state.Intern);
                        string reason = reader.ReadString(state.Intern);
                        var failure = new SendFailure(outcomeKind == SendOutcomeKind.Fail ? code : null, reason);
                        if (!state.Failures.TryGetValue(failure, out var shared))
                        {
                            state.Failures[failure] = shared = failure;
                        }
                        outcome = SendOutcome.FromFailure(outcomeKind, shared);
                        break;
                    default:
                        throw new InvalidDataException($"Unknown send outcome {(byte)outcomeKind}.");
                }
                builder.Add(new SendCompleted(ticks, id, outcome));
                break;
            }
            case HistoryRecordKind.Consumed:
            {
                bool decoded = (reader.ReadByte() & HistoryFormat.FlagDecoded) != 0;
                MessageId? id = decoded ? new MessageId(reader.ReadVarInt32(), reader.ReadVarInt()) : null;
                builder.Add(new Consumed(ticks, id, reader.ReadVarInt32(), reader.ReadVarInt(), reader.ReadVarInt32(), reader.ReadVarInt32()));
                break;
            }
            case HistoryRecordKind.Processed:
            {
                var id = new MessageId(reader.ReadVarInt32(), reader.ReadVarInt());
                builder.Add(new Processed(ticks, id, reader.ReadVarInt32(), reader.ReadVarInt(), reader.ReadVarInt32()));
                break;
            }
            case HistoryRecordKind.Committed:
                builder.Add(new Committed(ticks, reader.ReadVarInt32(), reader.ReadVarInt32(), reader.ReadVarInt()));
                break;
            case HistoryRecordKind.Fault:
            {
                string name = reader.ReadString(state.Intern);
                var phase = (FaultPhase)reader.ReadByte();
                builder.Add(new FaultEvent(ticks, name, phase, reader.ReadString(state.Intern)));
                break;
            }
            case HistoryRecordKind.Note:
                builder.Add(new Note(ticks, reader.ReadString(state.Intern)));
                break;
            default:
                // A newer writer's record kind: skip it, keeping the timestamp chain.
                break;
        }
        state.LastTicks = ticks;
    }
}
