using System.Runtime.CompilerServices;

namespace KafkaChaos.Checkers;

/// <summary>
/// One partition of the final read, compacted for the truncation check: per record, 4 bytes (the global
/// <see cref="IdTable"/> index of an invoked ID, or a marker), plus 8 bytes per record only when offsets have gaps.
/// Lookups by offset behave exactly like <see cref="History.PartitionLog.TryGet"/>.
/// </summary>
internal sealed class PartitionIndex
{
    /// <summary>The record's value is not an envelope.</summary>
    public const uint Undecodable = uint.MaxValue;

    /// <summary>The record holds an ID that was never invoked (see <see cref="FinalReadIndex.ForeignAt"/>).</summary>
    public const uint Foreign = uint.MaxValue - 1;

    /// <summary>Global table indexes must stay below this.</summary>
    public const long MaxGlobalIndex = Foreign;

    private readonly uint[] _values;
    private long[]? _offsets;
    private int _count;
    private bool _contiguous;

    /// <summary>An index for <paramref name="recordCount"/> records of <paramref name="partition"/>.</summary>
    public PartitionIndex(int partition, long recordCount)
    {
        if (recordCount > Array.MaxLength)
        {
            throw new NotSupportedException($"Partition {partition} holds {recordCount} records; at most {Array.MaxLength} are supported.");
        }
        Partition = partition;
        _values = new uint[recordCount];
    }

    /// <summary>The partition number.</summary>
    public int Partition { get; }

    /// <summary>Records added so far.</summary>
    public int Count => _count;

    /// <summary>The first record's offset (valid when <see cref="Count"/> &gt; 0).</summary>
    public long FirstOffset { get; private set; }

    /// <summary>The last record's offset (valid when <see cref="Count"/> &gt; 0).</summary>
    public long LastOffset { get; private set; }

    /// <summary>The packed value of the record at position <paramref name="index"/>.</summary>
    public uint ValueAt(int index) => _values[index];

    /// <summary>Appends a record (records arrive by ascending offset).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long offset, uint value)
    {
        if (_count == _values.Length)
        {
            throw new InvalidDataException($"Partition {Partition} has more records than it announced.");
        }
        if (_count == 0)
        {
            FirstOffset = offset;
        }
        else if (_offsets is null && offset != FirstOffset + _count)
        {
            KeepOffsets();
        }
        if (_offsets is not null)
        {
            _offsets[_count] = offset;
        }
        _values[_count++] = value;
        LastOffset = offset;
    }

    /// <summary>The first gap: from now on every offset is kept.</summary>
    private void KeepOffsets()
    {
        _offsets = new long[_values.Length];
        for (int i = 0; i < _count; i++)
        {
            _offsets[i] = FirstOffset + i;
        }
    }

    /// <summary>No more records; decides, as <see cref="History.PartitionLog"/> does, whether lookups are direct.</summary>
    public void Complete()
    {
        _contiguous = _count == 0 || LastOffset - FirstOffset == _count - 1;
        if (_contiguous)
        {
            _offsets = null;
        }
    }

    /// <summary>The position of the record at <paramref name="offset"/>; false when the final read has none there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(long offset, out int index)
    {
        index = -1;
        if (_count == 0)
        {
            return false;
        }
        if (_contiguous)
        {
            long at = offset - FirstOffset;
            if ((ulong)at >= (ulong)_count)
            {
                return false;
            }
            index = (int)at;
            return true;
        }
        var offsets = _offsets!;
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            long at = offsets[mid];
            if (at == offset)
            {
                index = mid;
                return true;
            }
            if (at < offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return false;
    }

    /// <summary>The offset of the record at position <paramref name="index"/>.</summary>
    public long OffsetAt(int index) => _offsets is { } offsets ? offsets[index] : FirstOffset + index;
}
