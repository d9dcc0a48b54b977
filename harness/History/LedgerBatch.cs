using System.Runtime.CompilerServices;

namespace KafkaChaos.History;

/// <summary>
/// A run of decoded ledger records of one stream (those passing the visitor's <see cref="ILedgerVisitor.Filter"/>), filled as a visitor (<see cref="LedgerCursor.Dispatch"/>, <see cref="LedgerCursor.FillBatch"/>) on a
/// prefetching thread and replayed in the same order to another visitor (<see cref="DispatchWhile"/>) on the merging
/// one. Reused: <see cref="Clear"/> keeps the arrays.
/// </summary>
internal sealed class LedgerBatch : ILedgerVisitor
{
    /// <summary>Records per batch.</summary>
    public const int Capacity = 4096;

    private readonly byte[] _kinds = new byte[Capacity];
    private readonly long[] _ticks = new long[Capacity];
    private readonly KindBuffer<SendInvoked> _invoked = new();
    private readonly KindBuffer<SendCompleted> _completed = new();
    private readonly KindBuffer<Consumed> _consumed = new();
    private readonly KindBuffer<Processed> _processed = new();
    private readonly KindBuffer<Committed> _committed = new();
    private readonly KindBuffer<FaultEvent> _faults = new();
    private readonly KindBuffer<Note> _notes = new();
    private readonly Predicate<MessageId>? _filter;
    private int _read;

    /// <summary>A batch that keeps only the records whose ID passes <paramref name="filter"/> (records without a decoded ID pass).</summary>
    public LedgerBatch(Predicate<MessageId>? filter) => _filter = filter;

    /// <summary>Records written.</summary>
    public int Count { get; private set; }

    /// <summary>Whether <see cref="Capacity"/> records are written.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>Whether records remain to replay.</summary>
    public bool HasNext => _read < Count;

    /// <summary>The timestamp of the next record to replay.</summary>
    public long NextTicks => _ticks[_read];

    /// <summary>Replays the next record to <paramref name="visitor"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DispatchNext(ILedgerVisitor visitor)
    {
        switch ((HistoryRecordKind)_kinds[_read++])
        {
            case HistoryRecordKind.SendInvoked: visitor.Invoked(in _invoked.Next()); break;
            case HistoryRecordKind.SendCompleted: visitor.Completed(in _completed.Next()); break;
            case HistoryRecordKind.Consumed: visitor.Consumed(in _consumed.Next()); break;
            case HistoryRecordKind.Processed: visitor.Processed(in _processed.Next()); break;
            case HistoryRecordKind.Committed: visitor.Committed(in _committed.Next()); break;
            case HistoryRecordKind.Fault: visitor.Fault(in _faults.Next()); break;
            case HistoryRecordKind.Note: visitor.Note(in _notes.Next()); break;
        }
    }

    /// <summary>
    /// Replays records while their timestamps stay below <paramref name="limit"/> (or equal to it, when
    /// <paramref name="takesTies"/>), as a merge does while this stream is in front; returns how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int DispatchWhile(ILedgerVisitor visitor, long limit, bool takesTies)
    {
        int first = _read;
        while (_read < Count)
        {
            if (!InRun(_ticks[_read], limit, takesTies))
            {
                break;
            }
            DispatchNext(visitor);
        }
        return _read - first;
    }

    /// <summary>Whether a record at <paramref name="ticks"/> belongs to the front stream's run up to <paramref name="limit"/>.</summary>
    public static bool InRun(long ticks, long limit, bool takesTies) => ticks < limit || (ticks == limit && takesTies);

    /// <summary>Empties the batch for reuse.</summary>
    public LedgerBatch Clear()
    {
        Count = _read = 0;
        _invoked.Clear();
        _completed.Clear();
        _consumed.Clear();
        _processed.Clear();
        _committed.Clear();
        _faults.Clear();
        _notes.Clear();
        return this;
    }

    /// <inheritdoc/>
    public void Invoked(in SendInvoked e)
    {
        if (_filter is { } filter && !filter(e.Id))
        {
            return;
        }
        Written(HistoryRecordKind.SendInvoked, e.TimestampTicks);
        _invoked.Add(in e);
    }

    /// <inheritdoc/>
    public void Completed(in SendCompleted e)
    {
        if (_filter is { } filter && !filter(e.Id))
        {
            return;
        }
        Written(HistoryRecordKind.SendCompleted, e.TimestampTicks);
        _completed.Add(in e);
    }

    /// <inheritdoc/>
    public void Consumed(in Consumed e)
    {
        if (_filter is { } filter && e.IsDecoded && !filter(e.RawId))
        {
            return;
        }
        Written(HistoryRecordKind.Consumed, e.TimestampTicks);
        _consumed.Add(in e);
    }

    /// <inheritdoc/>
    public void Processed(in Processed e)
    {
        if (_filter is { } filter && !filter(e.Id))
        {
            return;
        }
        Written(HistoryRecordKind.Processed, e.TimestampTicks);
        _processed.Add(in e);
    }

    /// <inheritdoc/>
    public void Committed(in Committed e)
    {
        Written(HistoryRecordKind.Committed, e.TimestampTicks);
        _committed.Add(in e);
    }

    /// <inheritdoc/>
    public void Fault(in FaultEvent e)
    {
        Written(HistoryRecordKind.Fault, e.TimestampTicks);
        _faults.Add(in e);
    }

    /// <inheritdoc/>
    public void Note(in Note e)
    {
        Written(HistoryRecordKind.Note, e.TimestampTicks);
        _notes.Add(in e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Written(HistoryRecordKind kind, long ticks)
    {
        _kinds[Count] = (byte)kind;
        _ticks[Count++] = ticks;
    }

    /// <summary>The records of one kind, in order; its array is allocated on the kind's first record.</summary>
    private sealed class KindBuffer<T>
        where T : struct
    {
        private T[] _items = [];
        private int _written, _read;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(in T item)
        {
            if (_items.Length == 0)
            {
                _items = new T[Capacity];
            }
            _items[_written++] = item;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref readonly T Next() => ref _items[_read++];

        public void Clear() => _written = _read = 0;
    }
}
