using System.Runtime.CompilerServices;
using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// Grows an <see cref="IdTable"/> while invocations stream past (no sizing pass): per producer, a cell array
/// indexed by sequence and, for the cross-producer order check, the first invocation time of each sequence.
/// Arrays grow a chunk at a time (<see cref="ChunkedArray{T}"/>): nothing is copied, and the slack is under a chunk per producer.
/// </summary>
internal sealed class IdTableBuilder
{
    private const int DenseProducerLimit = 1 << 16;

    private readonly bool _keepInvocationTimes;
    private readonly Dictionary<int, int> _slots = [];
    private readonly List<Producer> _producers = [];
    private int[] _denseSlots = [];

    /// <summary>A builder; <paramref name="keepInvocationTimes"/> keeps 8 bytes per ID for <see cref="CrossProducerOrder"/>.</summary>
    public IdTableBuilder(bool keepInvocationTimes) => _keepInvocationTimes = keepInvocationTimes;

    /// <summary>Records one invocation; a negative sequence is not a valid ID and gets no cell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoked(in SendInvoked e)
    {
        long sequence = e.Id.Sequence;
        if (sequence < 0)
        {
            return;
        }
        var producer = ProducerOf(e.Id.ProducerId);
        if (sequence >= producer.Cells.Length)
        {
            producer.Grow(sequence);
        }
        ref var cell = ref producer.Cells[sequence];
        cell.Flags |= e.ResultIgnored ? (byte)(IdCell.Invoked | IdCell.ResultIgnored) : IdCell.Invoked;
        IdCell.Increment(ref cell.Invocations);
        if (producer.InvokedAt is { } times && e.TimestampTicks < times[sequence])
        {
            times[sequence] = e.TimestampTicks; // a re-invocation keeps the first time
        }
    }

    /// <summary>The table (producers in ascending id order) and, when kept, the invocation times per producer index.</summary>
    public (IdTable Table, ChunkedArray<long>[]? InvokedAt) Build()
    {
        var ordered = _producers.OrderBy(p => p.Id).ToArray();
        var cells = new ChunkedArray<IdCell>[ordered.Length];
        var times = _keepInvocationTimes ? new ChunkedArray<long>[ordered.Length] : null;
        var index = new Dictionary<int, int>(ordered.Length);
        for (int i = 0; i < ordered.Length; i++)
        {
            var producer = ordered[i];
            cells[i] = producer.Cells;
            if (times is not null)
            {
                times[i] = producer.InvokedAt!;
            }
            index[producer.Id] = i;
        }
        _producers.Clear();
        _slots.Clear();
        _denseSlots = [];
        return (new IdTable(cells, [.. ordered.Select(p => p.Id)], index), times);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Producer ProducerOf(int producerId)
    {
        if ((uint)producerId < (uint)_denseSlots.Length && _denseSlots[producerId] > 0)
        {
            return _producers[_denseSlots[producerId] - 1];
        }
        return AddProducer(producerId);
    }

    private Producer AddProducer(int producerId)
    {
        if (_slots.TryGetValue(producerId, out int slot))
        {
            return _producers[slot];
        }
        var producer = new Producer(producerId, _keepInvocationTimes);
        _slots[producerId] = _producers.Count;
        _producers.Add(producer);
        if ((uint)producerId < DenseProducerLimit)
        {
            if (producerId >= _denseSlots.Length)
            {
                Array.Resize(ref _denseSlots, Math.Min(DenseProducerLimit, Math.Max(producerId + 1, _denseSlots.Length * 2)));
            }
            _denseSlots[producerId] = _producers.Count;
        }
        return producer;
    }

    /// <summary>One producer's growing arrays.</summary>
    private sealed class Producer(int id, bool keepTimes)
    {
        public int Id { get; } = id;
        public ChunkedArray<IdCell> Cells { get; } = new(default(IdCell));
        public ChunkedArray<long>? InvokedAt { get; } = keepTimes ? new(long.MaxValue) : null;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Grow(long sequence)
        {
            if (sequence >= Array.MaxLength)
            {
                ThrowTooHigh(sequence);
            }
            Cells.EnsureLength(sequence + 1);
            InvokedAt?.EnsureLength(sequence + 1);
        }

        private void ThrowTooHigh(long sequence) => throw new NotSupportedException(
            $"Producer {Id} has sequence {sequence}; sequences must be dense from 0 and below {Array.MaxLength}.");
    }
}
