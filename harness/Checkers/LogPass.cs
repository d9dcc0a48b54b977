using System.Runtime.CompilerServices;
using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// The pass over the final read: counts copies per ID (duplicates), reorders per producer and partition and
/// order across producers, notes unexpected records, and keeps the compact <see cref="FinalReadIndex"/> the
/// truncation check and the later passes use.
/// </summary>
internal sealed class LogPass : IFinalReadVisitor
{
    private readonly CheckState _state;
    private readonly IdTable _table;
    private readonly long[] _maxSequence;
    private readonly long[] _maxOffset;
    /// <summary>One bit per ID: stored already in the current partition (cleared at its end through the index).</summary>
    private readonly ulong[] _seenInPartition;
    private PartitionIndex _log = null!;

    /// <summary>A pass filling <paramref name="state"/>, whose table is built.</summary>
    public LogPass(CheckState state)
    {
        _state = state;
        _table = state.Table;
        if (_table.Count >= PartitionIndex.MaxGlobalIndex)
        {
            throw new NotSupportedException($"{_table.Count} IDs; at most {PartitionIndex.MaxGlobalIndex - 1} are supported.");
        }
        _maxSequence = new long[_table.ProducerCount];
        _maxOffset = new long[_table.ProducerCount];
        _seenInPartition = _state.CrossProducer is null ? [] : new ulong[(_table.Count + 63) / 64];
    }

    /// <inheritdoc/>
    public void Topic(string topic)
    {
    }

    /// <inheritdoc/>
    public void BeginPartition(int partition, long recordCount)
    {
        _log = _state.FinalRead.Begin(partition, recordCount);
        Array.Fill(_maxSequence, -1L);
        _state.CrossProducer?.BeginPartition();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(int partition, in LogRecord record)
    {
        if (!record.IsDecoded)
        {
            _log.Add(record.Offset, PartitionIndex.Undecodable);
            _state.Unexpected.UndecodableInLog(partition, record.Offset);
            return;
        }
        var id = record.RawId;
        ref var cell = ref _table.FindInvoked(id, out int producer);
        if (Unsafe.IsNullRef(ref cell))
        {
            _state.FinalRead.AddForeign(_log, record.Offset, id);
            _state.Unexpected.InLog(id, partition, record.Offset);
            return;
        }
        long global = _table.GlobalIndex(producer, id.Sequence);
        _log.Add(record.Offset, (uint)global);
        if (_state.CrossProducer is { } crossProducer && FirstInPartition(global))
        {
            crossProducer.Stored(id, producer, partition, record.Offset);
        }
        bool first = cell.LogCount == 0;
        IdCell.Increment(ref cell.LogCount);
        if (cell.LogCount == 2)
        {
            _state.Count(FindingKind.DuplicateInLog);
            _state.PickExample(FindingKind.DuplicateInLog, id, ref cell);
        }
        if (!first)
        {
            return; // a duplicate is not also a reorder
        }
        if (id.Sequence < _maxSequence[producer])
        {
            _state.Count(FindingKind.Reordered);
            if (_state.ReorderedExamples.Count < _state.MaxExamples)
            {
                var before = new MessageId(id.ProducerId, _maxSequence[producer]);
                _state.ReorderedExamples.Add(new FindingExample(id, [partition, partition], [_maxOffset[producer], record.Offset],
                    $"{id} stored at p{partition}@{record.Offset}, after {before} at p{partition}@{_maxOffset[producer]}"));
            }
        }
        else
        {
            _maxSequence[producer] = id.Sequence;
            _maxOffset[producer] = record.Offset;
        }
    }

    /// <inheritdoc/>
    public void UndecodablePrefix(int partition, long offset, ReadOnlySpan<byte> prefix) => _state.Unexpected.LogPrefix(partition, offset, prefix);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EndPartition(int partition)
    {
        _log.Complete();
        if (_seenInPartition.Length > 0)
        {
            for (int i = 0; i < _log.Count; i++)
            {
                uint value = _log.ValueAt(i);
                if (value < PartitionIndex.Foreign)
                {
                    _seenInPartition[value >> 6] = 0;
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Unavailable(int partition, string reason) => _state.FinalRead.Unavailable[partition] = reason;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FirstInPartition(long global)
    {
        ref ulong word = ref _seenInPartition[global >> 6];
        ulong bit = 1UL << (int)(global & 63);
        bool first = (word & bit) == 0;
        word |= bit;
        return first;
    }
}
