using System.Runtime.CompilerServices;
using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// Dense per-producer (chunked) arrays of <see cref="IdCell"/> indexed by sequence (sequences are dense from 0 per
/// producer), sized from the invocations. IDs outside (other producers, higher sequences) have no cell.
/// </summary>
internal sealed class IdTable
{
    /// <summary>Producer ids in [0, this) are looked up through an array instead of a dictionary.</summary>
    private const int DenseProducerLimit = 1 << 16;

    private readonly ChunkedArray<IdCell>[] _cells;
    private readonly int[] _producerIds;
    private readonly int[]? _denseIndex;
    private readonly Dictionary<int, int> _index;
    private readonly long[] _bases;

    /// <summary>A table over <paramref name="cells"/>[i], the cells of producer <paramref name="producerIds"/>[i] (ascending ids).</summary>
    internal IdTable(ChunkedArray<IdCell>[] cells, int[] producerIds, Dictionary<int, int> index)
    {
        _cells = cells;
        _producerIds = producerIds;
        _index = index;
        _bases = new long[cells.Length + 1];
        for (int i = 0; i < cells.Length; i++)
        {
            _bases[i + 1] = _bases[i] + cells[i].Length;
        }
        if (producerIds.All(p => p is >= 0 and < DenseProducerLimit))
        {
            _denseIndex = new int[producerIds.Length == 0 ? 0 : producerIds.Max() + 1];
            for (int i = 0; i < producerIds.Length; i++)
            {
                _denseIndex[producerIds[i]] = i + 1;
            }
        }
    }

    public int ProducerCount => _cells.Length;

    public int ProducerId(int index) => _producerIds[index];

    public ChunkedArray<IdCell> Cells(int index) => _cells[index];

    /// <summary>Cells in the whole table: global indexes run over [0, this), producer by producer.</summary>
    public long Count => _bases[^1];

    /// <summary>The global index of the cell of <paramref name="sequence"/> of the producer at <paramref name="producerIndex"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GlobalIndex(int producerIndex, long sequence) => _bases[producerIndex] + sequence;

    /// <summary>The cell at a global index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref IdCell CellAt(long globalIndex)
    {
        int producer = ProducerIndexAt(globalIndex);
        return ref _cells[producer][globalIndex - _bases[producer]];
    }

    /// <summary>The ID whose cell is at a global index.</summary>
    public MessageId IdAt(long globalIndex)
    {
        int producer = ProducerIndexAt(globalIndex);
        return new MessageId(_producerIds[producer], globalIndex - _bases[producer]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ProducerIndexAt(long globalIndex)
    {
        // Few producers: a linear scan beats a binary search.
        int producer = 0;
        while (globalIndex >= _bases[producer + 1])
        {
            producer++;
        }
        return producer;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IdTable Build(SendInvoked[] invocations)
    {
        // Highest sequence per producer: an array for small producer ids (the usual case), else a dictionary.
        var denseMax = new long[DenseProducerLimit];
        Array.Fill(denseMax, -1L);
        var maxSequence = new Dictionary<int, long>();
        foreach (ref readonly var e in invocations.AsSpan())
        {
            var id = e.Id;
            if (id.Sequence < 0)
            {
                continue;
            }
            if ((uint)id.ProducerId < DenseProducerLimit)
            {
                ref long max = ref denseMax[id.ProducerId];
                if (id.Sequence > max)
                {
                    max = id.Sequence;
                }
            }
            else if (id.Sequence > maxSequence.GetValueOrDefault(id.ProducerId, -1))
            {
                maxSequence[id.ProducerId] = id.Sequence;
            }
        }
        for (int p = 0; p < denseMax.Length; p++)
        {
            if (denseMax[p] >= 0)
            {
                maxSequence[p] = denseMax[p];
            }
        }
        var producers = maxSequence.Keys.Order().ToArray();
        var cells = new ChunkedArray<IdCell>[producers.Length];
        var index = new Dictionary<int, int>(producers.Length);
        for (int i = 0; i < producers.Length; i++)
        {
            long length = maxSequence[producers[i]] + 1;
            if (length > Array.MaxLength)
            {
                throw new NotSupportedException(
                    $"Producer {producers[i]} has sequence {length - 1}; sequences must be dense from 0 and below {Array.MaxLength}.");
            }
            cells[i] = new ChunkedArray<IdCell>(length, default);
            index[producers[i]] = i;
        }
        return new IdTable(cells, producers, index);
    }

    /// <summary>The cell of <paramref name="id"/>, or a null reference when it has none (test with <see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref IdCell Find(MessageId id, out int producerIndex)
    {
        producerIndex = IndexOf(id.ProducerId);
        if (producerIndex >= 0)
        {
            var cells = _cells[producerIndex];
            if ((ulong)id.Sequence < (ulong)cells.Length)
            {
                return ref cells[id.Sequence];
            }
        }
        return ref Unsafe.NullRef<IdCell>();
    }

    /// <summary>The cell of an ID that was invoked, or a null reference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref IdCell FindInvoked(MessageId id, out int producerIndex)
    {
        ref var cell = ref Find(id, out producerIndex);
        if (!Unsafe.IsNullRef(ref cell) && (cell.Flags & IdCell.Invoked) != 0)
        {
            return ref cell;
        }
        return ref Unsafe.NullRef<IdCell>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOf(int producerId)
    {
        if (_denseIndex is { } dense)
        {
            return (uint)producerId < (uint)dense.Length ? dense[producerId] - 1 : -1;
        }
        return _index.TryGetValue(producerId, out int i) ? i : -1;
    }
}
