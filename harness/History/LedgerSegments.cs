using System.Collections.Concurrent;

namespace KafkaChaos.History;

/// <summary>
/// One ledger file read as consecutive segments, each decoded ahead on a thread of its own (<see cref="PrefetchingCursor"/>),
/// the next one starting while the current one is merged, so even a single large stream decodes on two cores. The
/// segments run between the record boundaries a verifying pass noted (<see cref="VerifiedLedgers"/>); a file not yet
/// verified is read whole, its checksums checked and its boundaries noted. Segments reuse each other's read buffers and
/// batches: memory is that of the two segments alive, whatever the file's size.
/// </summary>
internal sealed class LedgerSegments : IDisposable
{
    private readonly string _path;
    private readonly LedgerKinds _kinds;
    private readonly Predicate<MessageId>? _filter;
    private readonly CancellationToken _cancellationToken;
    private readonly long _verifiedBytes;
    private readonly LedgerCheckpoint[] _boundaries;
    private readonly ConcurrentQueue<LedgerBatch> _batches = new();
    private readonly ConcurrentQueue<byte[]> _buffers = new();
    private readonly long _segmentBytes;
    private Segment? _current, _ahead;
    private int _opened;
    private string? _name;
    private long _records, _earliest = long.MaxValue, _latest = long.MinValue;
    private HistoryStreamInfo? _last;

    /// <summary>Starts reading <paramref name="path"/>, verified as <paramref name="verified"/> says (or not, when it does not name the file).</summary>
    public LedgerSegments(string path, LedgerKinds kinds, Predicate<MessageId>? filter, VerifiedLedgers? verified, CancellationToken cancellationToken)
    {
        _path = path;
        _kinds = kinds;
        _filter = filter;
        _cancellationToken = cancellationToken;
        _segmentBytes = verified?.SegmentBytes ?? 0;
        if (verified is null || !verified.TryGet(path, out _verifiedBytes, out _boundaries))
        {
            _verifiedBytes = -1;
            _boundaries = [];
        }
        _current = Open();
        try
        {
            _ahead = Open();
        }
        catch
        {
            _current?.Dispose();
            throw;
        }
    }

    /// <summary>The timestamp of the current record.</summary>
    public long TimestampTicks => _current!.Prefetch.TimestampTicks;

    /// <summary>Bytes of the file found intact (valid once <see cref="MoveNext"/> returned false).</summary>
    public long IntactBytes { get; private set; }

    /// <summary>The boundaries a verifying read noted (valid once <see cref="MoveNext"/> returned false).</summary>
    public IReadOnlyList<LedgerCheckpoint> Checkpoints { get; private set; } = [];

    /// <summary>The file's earliest and latest timestamps, dropped records included (valid once <see cref="MoveNext"/> returned false).</summary>
    public (long Earliest, long Latest) Timestamps => (_earliest, _latest);

    /// <summary>Advances to the next record; false at the end.</summary>
    public bool MoveNext()
    {
        while (_current is not null)
        {
            if (_current.Prefetch.MoveNext())
            {
                return true;
            }
            Retire(_current);
            _current = _ahead;
            _ahead = Open();
        }
        return false;
    }

    /// <summary>Hands the current record to <paramref name="visitor"/>.</summary>
    public void Dispatch(ILedgerVisitor visitor) => _current!.Prefetch.Dispatch(visitor);

    /// <summary>The file as a whole: its header's name, every segment's records, the last one's torn tail.</summary>
    public HistoryStreamInfo Finish() =>
        _last is { } last ? last with { Name = _name ?? last.Name, Records = _records } : throw new InvalidOperationException("The file was not read to its end.");

    /// <inheritdoc/>
    public void Dispose()
    {
        _current?.Dispose();
        _ahead?.Dispose();
        _current = _ahead = null;
    }

    private Segment? Open()
    {
        if (_opened > _boundaries.Length)
        {
            return null;
        }
        int index = _opened++;
        LedgerCheckpoint? start = index == 0 ? null : _boundaries[index - 1];
        long end = _verifiedBytes < 0 ? -1 : index < _boundaries.Length ? _boundaries[index].Offset : _verifiedBytes;
        return new Segment(_path, start, end, this);
    }

    private void Retire(Segment segment)
    {
        var info = segment.Prefetch.Finish();
        _name ??= info.Name;
        _records += info.Records;
        _last = info;
        IntactBytes = segment.Cursor.IntactBytes;
        if (_verifiedBytes < 0)
        {
            Checkpoints = segment.Cursor.Checkpoints;
        }
        _earliest = Math.Min(_earliest, segment.Cursor.EarliestTicks);
        _latest = Math.Max(_latest, segment.Cursor.LatestTicks);
        segment.Dispose();
        _buffers.Enqueue(segment.Cursor.ReadBuffer);
    }

    /// <summary>One segment: its own file handle, cursor and decoding thread.</summary>
    private sealed class Segment : IDisposable
    {
        private readonly FileStream _stream;

        public Segment(string path, LedgerCheckpoint? start, long verifiedEnd, LedgerSegments file)
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            try
            {
                _stream.Position = start?.Offset ?? 0;
                // Each segment interns its own strings: its decoding thread is the only one touching the map.
                var buffer = file._buffers.TryDequeue(out var free) ? free : null;
                Cursor = new LedgerCursor(_stream, path, new Dictionary<string, string>(StringComparer.Ordinal), file._kinds, verifiedEnd, start, buffer)
                {
                    CheckpointEveryBytes = file._segmentBytes,
                };
                Prefetch = new PrefetchingCursor(Cursor, Path.GetFileName(path), file._filter, file._batches, file._cancellationToken);
            }
            catch
            {
                _stream.Dispose();
                throw;
            }
        }

        public LedgerCursor Cursor { get; }

        public PrefetchingCursor Prefetch { get; }

        public void Dispose()
        {
            // The decoding thread stops before its stream closes.
            Prefetch.Dispose();
            _stream.Dispose();
        }
    }
}
