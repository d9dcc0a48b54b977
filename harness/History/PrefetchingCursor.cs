using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace KafkaChaos.History;

/// <summary>
/// A <see cref="LedgerCursor"/> run ahead on a thread of its own: it checksums and decodes its stream into
/// <see cref="LedgerBatch"/>es while the merging thread replays earlier ones, so a pass over several streams uses
/// the machine's other cores for the parsing, which is most of a pass's cost. Memory: a few batches per stream.
/// </summary>
internal sealed class PrefetchingCursor : IDisposable
{
    /// <summary>Decoded batches waiting per stream before the decoding thread waits for the merge.</summary>
    private const int QueuedBatches = 2;

    private readonly LedgerCursor _cursor;
    private readonly Predicate<MessageId>? _filter;
    private readonly BlockingCollection<LedgerBatch> _decoded = new(QueuedBatches);
    private readonly ConcurrentQueue<LedgerBatch> _free;
    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private Exception? _failure;
    private HistoryStreamInfo? _info;
    private LedgerBatch? _current;

    /// <summary>Starts decoding <paramref name="cursor"/>'s stream; <paramref name="cancellationToken"/> stops it.</summary>
    /// <param name="cursor">The stream.</param>
    /// <param name="name">Names the thread.</param>
    /// <param name="filter">Which IDs' records to keep (<see cref="ILedgerVisitor.Filter"/>).</param>
    /// <param name="batches">Replayed batches, cleared, for reuse; shared by the segments of a file, which all use <paramref name="filter"/>.</param>
    /// <param name="cancellationToken">Stops the decoding.</param>
    public PrefetchingCursor(LedgerCursor cursor, string name, Predicate<MessageId>? filter, ConcurrentQueue<LedgerBatch> batches, CancellationToken cancellationToken)
    {
        _cursor = cursor;
        _filter = filter;
        _free = batches;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _thread = new Thread(Decode) { IsBackground = true, Name = "ledger " + name };
        _thread.Start();
    }

    /// <summary>The timestamp of the current record.</summary>
    public long TimestampTicks => _current!.NextTicks;

    /// <summary>Advances to the next record; false at the end.</summary>
    /// <exception cref="InvalidDataException">The stream is not a ledger, or changed after it was verified (thrown as the decoding thread caught it).</exception>
    public bool MoveNext()
    {
        if (_current is { HasNext: true })
        {
            return true;
        }
        if (_current is not null)
        {
            _free.Enqueue(_current.Clear());
            _current = null;
        }
        if (_decoded.TryTake(out var next, Timeout.Infinite, _stop.Token))
        {
            _current = next;
            return true;
        }
        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }
        return false;
    }

    /// <summary>Hands over the current batch's records up to <paramref name="limit"/> (<see cref="LedgerBatch.DispatchWhile"/>); returns how many.</summary>
    public int DispatchWhile(ILedgerVisitor visitor, long limit, bool takesTies) => _current!.DispatchWhile(visitor, limit, takesTies);

    /// <summary>Waits for the decoding thread and reports the stream.</summary>
    public HistoryStreamInfo Finish()
    {
        _thread.Join();
        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }
        return _info ?? throw new InvalidOperationException("The stream was not read to its end.");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        _decoded.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Decode()
    {
        var token = _stop.Token;
        try
        {
            var batch = RentBatch();
            while (true)
            {
                // Plain records straight into the batch; the general path takes one record wherever that stops.
                _cursor.FillBatch(batch);
                if (!batch.IsFull)
                {
                    if (!_cursor.MoveNext())
                    {
                        break;
                    }
                    _cursor.Dispatch(batch);
                }
                if (batch.IsFull)
                {
                    _decoded.Add(batch, token);
                    batch = RentBatch();
                }
            }
            if (batch.Count > 0)
            {
                _decoded.Add(batch, token);
            }
            _info = _cursor.Finish();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _decoded.CompleteAdding();
        }
    }

    /// <summary>A replayed batch of this file when one is free, else a new one.</summary>
    private LedgerBatch RentBatch() => _free.TryDequeue(out var reused) ? reused : new LedgerBatch(_filter);
}
