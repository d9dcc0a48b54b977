using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace KafkaChaos.History;

/// <summary>
/// Parses one ledger stream record by record (pull, so several streams can be merged by time). Tolerates a
/// torn tail: parsing stops at the first record that is incomplete or fails its checksum; <see cref="Finish"/>
/// reports the discarded byte count. Holds one read buffer, never the records. Runs of plain records are read on a
/// fast path (skipped, or decoded straight into a batch: <c>LedgerCursor.PlainRuns.cs</c>); everything else here.
/// </summary>
internal sealed partial class LedgerCursor
{
    /// <summary>Bytes read at a time (1 MiB).</summary>
    public const int ReadChunkBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly string _path;
    private readonly LedgerRecord _record;
    private readonly LedgerKinds _kinds;
    private readonly long _verifiedBytes;
    private byte[] _buffer;
    private int _start, _end;
    private bool _eof, _stopped, _headerRead;
    private long _totalBytes, _intactBytes, _records, _lastTicks;
    private string _name;

    /// <summary>A cursor over <paramref name="stream"/> (read from its current position); <paramref name="intern"/> shares strings across streams.</summary>
    /// <param name="stream">The ledger stream.</param>
    /// <param name="path">Where it comes from, for messages.</param>
    /// <param name="intern">Interns the stream's strings; shared across streams only when they are read on one thread.</param>
    /// <param name="kinds">The kinds to decode; the others are dropped (their timestamps still count in <see cref="EarliestTicks"/> and <see cref="LatestTicks"/>).</param>
    /// <param name="verifiedBytes">When not negative, an earlier pass found the file intact up to this offset: read up to there, without checksums.</param>
    /// <param name="start">Where <paramref name="stream"/> is positioned, at a record boundary past the header; null for the file's start.</param>
    /// <param name="buffer">A read buffer to use (of <see cref="ReadChunkBytes"/> or more), e.g. one an earlier cursor gave back (<see cref="ReadBuffer"/>).</param>
    public LedgerCursor(
        Stream stream, string path, Dictionary<string, string> intern, LedgerKinds kinds = LedgerKinds.All, long verifiedBytes = -1,
        LedgerCheckpoint? start = null, byte[]? buffer = null)
    {
        _buffer = buffer is { Length: >= ReadChunkBytes } ? buffer : new byte[ReadChunkBytes];
        _stream = stream;
        _path = path;
        _record = new LedgerRecord(intern);
        _kinds = kinds;
        _verifiedBytes = verifiedBytes;
        _name = Path.GetFileNameWithoutExtension(path);
        if (start is { } at)
        {
            _headerRead = true;
            _intactBytes = _totalBytes = at.Offset;
            _lastTicks = at.Ticks;
        }
    }

    /// <summary>
    /// When positive (and the stream is verified, not trusted), a <see cref="Checkpoints"/> entry is noted at the first
    /// record boundary after each this many bytes, so later passes can read the file in segments at once.
    /// </summary>
    public long CheckpointEveryBytes { get; init; }

    /// <summary>When set, notes the ID of every decoded record with the byte offset where the record starts.</summary>
    public ChunkIds.Recorder? Ids { get; init; }

    /// <summary>The record boundaries noted (<see cref="CheckpointEveryBytes"/>), ascending.</summary>
    public List<LedgerCheckpoint> Checkpoints { get; } = [];

    /// <summary>The earliest timestamp of any intact record parsed so far, dropped ones included; <see cref="long.MaxValue"/> before the first.</summary>
    public long EarliestTicks { get; private set; } = long.MaxValue;

    /// <summary>The latest timestamp of any intact record parsed so far, dropped ones included; <see cref="long.MinValue"/> before the first.</summary>
    public long LatestTicks { get; private set; } = long.MinValue;

    /// <summary>The read buffer, for a later cursor to reuse once this one is done.</summary>
    public byte[] ReadBuffer => _buffer;

    /// <summary>Bytes parsed as the header and intact records so far (all of them once <see cref="MoveNext"/> returned false).</summary>
    public long IntactBytes => _intactBytes;

    /// <summary>The kind of the current record (valid after <see cref="MoveNext"/> returned true).</summary>
    public HistoryRecordKind Kind => _record.Kind;

    /// <summary>The timestamp of the current record.</summary>
    public long TimestampTicks => _record.TimestampTicks;

    /// <summary>Advances to the next record of a known kind; false at the end or at a torn tail.</summary>
    /// <exception cref="InvalidDataException">The stream is not a ledger (wrong magic or version).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        while (!_stopped)
        {
            // Only when the next record is of a kind not wanted: each call loads and stores the cursor's state.
            if (_headerRead && _start < _end && ((int)_kinds & (1 << _buffer[_start])) == 0)
            {
                ReadPlainRun(null);
            }
            var step = _headerRead ? ParseRecord(out int consumed, out bool known) : ParseHeader(out consumed, out known);
            switch (step)
            {
                case Step.Parsed:
                    _start += consumed;
                    _intactBytes += consumed;
                    if (CheckpointEveryBytes > 0 && _verifiedBytes < 0 && _headerRead
                        && _intactBytes - (Checkpoints.Count > 0 ? Checkpoints[^1].Offset : 0) >= CheckpointEveryBytes)
                    {
                        Checkpoints.Add(new LedgerCheckpoint(_intactBytes, _lastTicks));
                    }
                    if (_headerRead && known)
                    {
                        return true;
                    }
                    _headerRead = true;
                    break;
                case Step.VerifiedEnd:
                    _stopped = true;
                    break;
                case Step.Corrupt or Step.NeedMore when _intactBytes < _verifiedBytes && (step == Step.Corrupt || _eof):
                    throw new InvalidDataException($"'{_path}' changed after it was verified: {_verifiedBytes} bytes were intact, now {_intactBytes}.");
                case Step.Corrupt:
                    _stopped = true;
                    break;
                case Step.NeedMore when _eof:
                    _stopped = true;
                    break;
                case Step.NeedMore:
                    Refill();
                    break;
            }
        }
        return false;
    }

    /// <summary>Hands the current record to <paramref name="visitor"/>.</summary>
    public void Dispatch(ILedgerVisitor visitor) => _record.Dispatch(visitor);

    /// <summary>
    /// Reads what lies beyond the point where parsing stopped (without keeping it) and reports the stream; a verified
    /// stream is not read further, its length tells.
    /// </summary>
    public HistoryStreamInfo Finish()
    {
        if (_verifiedBytes >= 0)
        {
            return new HistoryStreamInfo(_name, _path, _records, Math.Max(0, _stream.Length - _intactBytes));
        }
        while (!_eof)
        {
            int read = _stream.Read(_buffer);
            _eof = read == 0;
            _totalBytes += read;
        }
        return new HistoryStreamInfo(_name, _path, _records, _totalBytes - _intactBytes);
    }

    private enum Step
    {
        Parsed,
        NeedMore,
        Corrupt,
        /// <summary>The end of what the verifying pass found intact.</summary>
        VerifiedEnd,
    }

    private void Refill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        int read = _stream.Read(_buffer.AsSpan(_end));
        _eof = read == 0;
        _end += read;
        _totalBytes += read;
    }

    private Step ParseRecord(out int framedLength, out bool known)
    {
        framedLength = 0;
        known = false;
        bool verified = _verifiedBytes >= 0;
        if (verified && _intactBytes >= _verifiedBytes)
        {
            return Step.VerifiedEnd;
        }
        var rest = _buffer.AsSpan(_start, _end - _start);
        if (rest.IsEmpty)
        {
            return Step.NeedMore;
        }
        var lengthStatus = VarInt.TryRead(rest[1..], out ulong payloadLength, out int lengthBytes);
        if (lengthStatus == VarInt.Status.Incomplete)
        {
            return Step.NeedMore;
        }
        if (lengthStatus == VarInt.Status.Invalid || payloadLength > HistoryFormat.MaxPayloadBytes)
        {
            return Step.Corrupt;
        }
        int framed = 1 + lengthBytes + (int)payloadLength;
        if (rest.Length < framed + 4)
        {
            return Step.NeedMore;
        }
        if (!verified && Crc32C.Compute(rest[..framed]) != BinaryPrimitives.ReadUInt32LittleEndian(rest[framed..]))
        {
            return Step.Corrupt;
        }
        try
        {
            known = Decode((HistoryRecordKind)rest[0], rest[(1 + lengthBytes)..framed]);
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException or DecoderFallbackException)
        {
            if (verified)
            {
                // A pass that decoded fewer kinds accepted this record: passes would disagree, so say so.
                throw new InvalidDataException($"'{_path}': the record at byte {_intactBytes} has a valid checksum but does not decode.", e);
            }
            return Step.Corrupt;
        }
        framedLength = framed + 4;
        _records++;
        return Step.Parsed;
    }

    private Step ParseHeader(out int length, out bool known)
    {
        length = 0;
        known = false;
        var data = _buffer.AsSpan(_start, _end - _start);
        var magic = HistoryFormat.Magic;
        int checkable = Math.Min(data.Length, magic.Length + 1);
        var expected = (stackalloc byte[] { magic[0], magic[1], magic[2], magic[3], HistoryFormat.Version })[..checkable];
        if (!data[..checkable].SequenceEqual(expected))
        {
            throw new InvalidDataException($"'{_name}' is not a version {HistoryFormat.Version} ledger file.");
        }
        if (data.Length <= magic.Length + 1)
        {
            return Step.NeedMore;
        }
        int position = magic.Length + 1;
        var status = VarInt.TryRead(data[position..], out ulong nameLength, out int read);
        if (status != VarInt.Status.Ok)
        {
            return status == VarInt.Status.Incomplete ? Step.NeedMore : Step.Corrupt;
        }
        if (nameLength > 4096)
        {
            return Step.Corrupt;
        }
        position += read;
        if (data.Length < position + (int)nameLength)
        {
            return Step.NeedMore;
        }
        var nameBytes = data.Slice(position, (int)nameLength);
        position += (int)nameLength;
        status = VarInt.TryRead(data[position..], out ulong rawTicks, out read);
        if (status != VarInt.Status.Ok)
        {
            return status == VarInt.Status.Incomplete ? Step.NeedMore : Step.Corrupt;
        }
        position += read;
        if (data.Length < position + 4)
        {
            return Step.NeedMore;
        }
        if (Crc32C.Compute(data[..position]) != BinaryPrimitives.ReadUInt32LittleEndian(data[position..]))
        {
            return Step.Corrupt;
        }
        _name = Encoding.UTF8.GetString(nameBytes);
        _lastTicks = (long)(rawTicks >> 1) ^ -(long)(rawTicks & 1);
        length = position + 4;
        return Step.Parsed;
    }

    /// <summary>Decodes a record into the current record (<see cref="LedgerRecord"/>); false for a kind not wanted or a newer writer's (skipped, keeping the timestamp chain).</summary>
    private bool Decode(HistoryRecordKind kind, ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        long ticks = _lastTicks + reader.ReadVarInt();
        if (kind is >= HistoryRecordKind.SendInvoked and <= HistoryRecordKind.Note)
        {
            if (ticks < EarliestTicks) EarliestTicks = ticks;
            if (ticks > LatestTicks) LatestTicks = ticks;
            if ((_kinds & (LedgerKinds)(1 << (int)kind)) == 0)
            {
                _lastTicks = ticks;
                return false; // not wanted: dropped like a newer writer's kind, keeping the timestamp chain
            }
        }
        bool known = _record.Decode(kind, ticks, ref reader, _intactBytes, Ids);
        _lastTicks = ticks;
        return known;
    }
}
