using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace KafkaChaos.History;

/// <summary>
/// A saved final read streamed with its parsing on a thread of its own (<see cref="FinalReadFile.Visit"/>): checksums
/// and varints are decoded into batches there while the caller's visitor takes earlier ones, so the final read of a
/// check uses two cores. The visitor sees exactly what a direct visit shows, in the same order, then the same exception
/// if the file is incomplete or corrupt. Memory: a few batches.
/// </summary>
internal static class PrefetchedFinalRead
{
    /// <summary>Decoded batches waiting before the parsing thread waits for the visitor.</summary>
    private const int QueuedBatches = 2;

    /// <summary>Streams the final read at <paramref name="path"/> into <paramref name="visitor"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a complete final read.</exception>
    public static void Visit(string path, IFinalReadVisitor visitor, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var decoded = new BlockingCollection<Batch>(QueuedBatches);
        var free = new ConcurrentQueue<Batch>();
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            var sink = new Sink(decoded, free, stop.Token);
            try
            {
                FinalReadFile.Visit(path, sink, stop.Token);
                sink.Flush();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                decoded.CompleteAdding();
            }
        }) { IsBackground = true, Name = "final read " + Path.GetFileName(path) };
        thread.Start();
        try
        {
            while (decoded.TryTake(out var batch, Timeout.Infinite, stop.Token))
            {
                batch.Replay(visitor);
                free.Enqueue(batch);
            }
        }
        finally
        {
            stop.Cancel();
            thread.Join();
        }
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Fills batches on the parsing thread and hands each full one over.</summary>
    private sealed class Sink(BlockingCollection<Batch> decoded, ConcurrentQueue<Batch> free, CancellationToken cancellationToken) : IFinalReadVisitor
    {
        private Batch _batch = new();

        public void Topic(string topic) => Add(Event.Topic, 0, 0, default, topic);

        public void BeginPartition(int partition, long recordCount) => Add(Event.Begin, partition, recordCount, default, null);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Record(int partition, in LogRecord record) =>
            Add(record.IsDecoded ? Event.Record : Event.UndecodedRecord, partition, record.Offset, record.RawId, null);

        public void UndecodablePrefix(int partition, long offset, ReadOnlySpan<byte> prefix) => Add(Event.Prefix, partition, offset, default, prefix.ToArray());

        public void EndPartition(int partition) => Add(Event.End, partition, 0, default, null);

        public void Unavailable(int partition, string reason) => Add(Event.Unavailable, partition, 0, default, reason);

        /// <summary>Hands over what the last batch holds.</summary>
        public void Flush()
        {
            if (_batch.Count > 0)
            {
                decoded.Add(_batch, cancellationToken);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Add(Event kind, int partition, long value, MessageId id, object? extra)
        {
            _batch.Add(kind, partition, value, id, extra);
            if (_batch.IsFull)
            {
                decoded.Add(_batch, cancellationToken);
                _batch = free.TryDequeue(out var reused) ? reused : new Batch();
            }
        }
    }

    private enum Event : byte
    {
        Topic,
        Begin,
        Record,
        UndecodedRecord,
        Prefix,
        End,
        Unavailable,
    }

    /// <summary>Visitor calls, as columns.</summary>
    private sealed class Batch
    {
        private const int Capacity = 8192;
        private readonly Event[] _kinds = new Event[Capacity];
        private readonly int[] _partitions = new int[Capacity];
        private readonly long[] _values = new long[Capacity];
        private readonly MessageId[] _ids = new MessageId[Capacity];
        private readonly object?[] _extras = new object?[Capacity];

        public int Count { get; private set; }

        public bool IsFull => Count == Capacity;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(Event kind, int partition, long value, MessageId id, object? extra)
        {
            _kinds[Count] = kind;
            _partitions[Count] = partition;
            _values[Count] = value;
            _ids[Count] = id;
            _extras[Count++] = extra;
        }

        /// <summary>Makes the calls, then empties the batch.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Replay(IFinalReadVisitor visitor)
        {
            for (int i = 0; i < Count; i++)
            {
                int partition = _partitions[i];
                switch (_kinds[i])
                {
                    case Event.Topic: visitor.Topic((string)_extras[i]!); break;
                    case Event.Begin: visitor.BeginPartition(partition, _values[i]); break;
                    case Event.Record: visitor.Record(partition, new LogRecord(_values[i], _ids[i])); break;
                    case Event.UndecodedRecord: visitor.Record(partition, new LogRecord(_values[i], null)); break;
                    case Event.Prefix: visitor.UndecodablePrefix(partition, _values[i], (byte[])_extras[i]!); break;
                    case Event.End: visitor.EndPartition(partition); break;
                    case Event.Unavailable: visitor.Unavailable(partition, (string)_extras[i]!); break;
                }
            }
            Array.Clear(_extras, 0, Count);
            Count = 0;
        }
    }
}
