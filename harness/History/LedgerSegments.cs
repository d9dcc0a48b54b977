using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace KafkaChaos.History;

/// <summary>
/// One ledger file read as consecutive segments, each decoded ahead on a thread of its own (<see cref="PrefetchingCursor"/>),
/// the next one starting while the current one is merged, so even a single large stream decodes on two cores. The
/// segments run between the record boundaries a verifying pass noted (<see cref="VerifiedLedgers"/>); a file not yet
/// verified is read whole, its checksums checked and its boundaries noted. The first full pass after that notes each
/// chunk's IDs (<see cref="ChunkIds"/>); a pass that wants only a few IDs (<see cref="ILedgerVisitor.FilterIds"/>) then
/// reads only the chunks that may hold them. Segments reuse each other's read buffers and batches: memory is that of
/// the two segments alive, whatever the file's size.
/// </summary>
internal sealed class LedgerSegments : IDisposable
{
    private readonly string _path;
    private readonly LedgerKinds _kinds;
    private readonly Predicate<MessageId>? _filter;
    private readonly CancellationToken _cancellationToken;
    private readonly long _chunkBytes;
    private readonly VerifiedLedger? _verified;
    private readonly List<(int First, int End)> _plan;
    private readonly bool _skips;
    private readonly ChunkIds? _recording;
    private readonly ConcurrentQueue<LedgerBatch> _batches = new();
    private readonly ConcurrentQueue<byte[]> _buffers = new();
    private Segment? _current, _ahead;
    private int _opened;
    private string? _name;
    private long _records, _earliest = long.MaxValue, _latest = long.MinValue;
    private HistoryStreamInfo? _last;

    /// <summary>Starts reading <paramref name="path"/>, verified as <paramref name="verified"/> says (or not, when it does not name the file).</summary>
    /// <param name="path">The file.</param>
    /// <param name="kinds">The kinds to decode.</param>
    /// <param name="filter">The IDs whose records to keep (<see cref="ILedgerVisitor.Filter"/>).</param>
    /// <param name="filterIds">When set, every ID <paramref name="filter"/> keeps: chunks holding none of them may be skipped.</param>
    /// <param name="verified">What a verifying pass found, shared by the passes of one check.</param>
    /// <param name="cancellationToken">Stops the decoding.</param>
    public LedgerSegments(
        string path, LedgerKinds kinds, Predicate<MessageId>? filter, IdSet? filterIds, VerifiedLedgers? verified, CancellationToken cancellationToken)
    {
        _path = path;
        _kinds = kinds;
        _filter = filter;
        _cancellationToken = cancellationToken;
        _chunkBytes = verified?.ChunkBytes ?? 0;
        _verified = verified?.Find(path);
        if (verified is null || _verified is null)
        {
            _plan = [(0, -1)];
        }
        else if (filterIds is not null && _verified.Ids is { } ids && (kinds & LedgerKinds.WithIds & ~ids.Kinds) == 0)
        {
            _skips = true;
            _plan = ChunksHolding(_verified, ids, filterIds);
        }
        else
        {
            _plan = [];
            for (int first = 0; first < _verified.ChunkCount; first += verified.ChunksPerSegment)
            {
                _plan.Add((first, Math.Min(first + verified.ChunksPerSegment, _verified.ChunkCount)));
            }
            if (_verified.Ids is null && (kinds & LedgerKinds.WithIds) != 0)
            {
                _recording = new ChunkIds(_verified.Boundaries, kinds & LedgerKinds.WithIds);
            }
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
    public (long Earliest, long Latest) Timestamps => _skips ? _verified!.Timestamps : (_earliest, _latest);

    /// <summary>The chunks' IDs this pass noted, once it read the whole file (<see cref="MoveNext"/> returned false); else null.</summary>
    public ChunkIds? NotedIds => _current is null && _opened == _plan.Count ? _recording : null;

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

    /// <summary>
    /// Hands over records while their timestamps stay below <paramref name="limit"/> (or equal to it, when
    /// <paramref name="takesTies"/>), batch by batch, counting them in <paramref name="visited"/>: a merge's run of this
    /// stream in one call. The current record must qualify. Returns false once the stream has ended.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool DispatchWhile(ILedgerVisitor visitor, long limit, bool takesTies, ref long visited)
    {
        while (true)
        {
            visited += _current!.Prefetch.DispatchWhile(visitor, limit, takesTies);
            if (!MoveNext())
            {
                return false;
            }
            if (!LedgerBatch.InRun(TimestampTicks, limit, takesTies))
            {
                return true;
            }
        }
    }

    /// <summary>The file as a whole: its header's name, every segment's records, the last one's torn tail; as verified when this pass skipped chunks.</summary>
    public HistoryStreamInfo Finish() =>
        _skips ? _verified!.Info
        : _last is { } last ? last with { Name = _name ?? last.Name, Records = _records }
        : throw new InvalidOperationException("The file was not read to its end.");

    /// <inheritdoc/>
    public void Dispose()
    {
        _current?.Dispose();
        _ahead?.Dispose();
        _current = _ahead = null;
    }

    /// <summary>The runs of consecutive chunks that may hold one of <paramref name="wanted"/>.</summary>
    private static List<(int First, int End)> ChunksHolding(VerifiedLedger file, ChunkIds ids, IdSet wanted)
    {
        var plan = new List<(int First, int End)>();
        for (int chunk = 0; chunk < file.ChunkCount; chunk++)
        {
            if (!ids.MayHold(chunk, wanted))
            {
                continue;
            }
            if (plan.Count > 0 && plan[^1].End == chunk)
            {
                plan[^1] = (plan[^1].First, chunk + 1);
            }
            else
            {
                plan.Add((chunk, chunk + 1));
            }
        }
        return plan;
    }

    private Segment? Open()
    {
        if (_opened == _plan.Count)
        {
            return null;
        }
        var (first, end) = _plan[_opened++];
        if (_verified is null)
        {
            return new Segment(_path, null, -1, null, this);
        }
        return new Segment(_path, _verified.StartOf(first), _verified.EndOf(end - 1), _recording?.RecordFrom(first), this);
    }

    private void Retire(Segment segment)
    {
        var info = segment.Prefetch.Finish();
        segment.Cursor.Ids?.Flush();
        _name ??= info.Name;
        _records += info.Records;
        _last = info;
        IntactBytes = segment.Cursor.IntactBytes;
        if (_verified is null)
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

        public Segment(string path, LedgerCheckpoint? start, long verifiedEnd, ChunkIds.Recorder? ids, LedgerSegments file)
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            try
            {
                _stream.Position = start?.Offset ?? 0;
                // Each segment interns its own strings: its decoding thread is the only one touching the map.
                var buffer = file._buffers.TryDequeue(out var free) ? free : null;
                Cursor = new LedgerCursor(_stream, path, new Dictionary<string, string>(StringComparer.Ordinal), file._kinds, verifiedEnd, start, buffer)
                {
                    CheckpointEveryBytes = file._chunkBytes,
                    Ids = ids,
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
