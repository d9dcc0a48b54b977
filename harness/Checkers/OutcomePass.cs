using System.Runtime.CompilerServices;
using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// Second pass over the ledger, after the final read: the per-second series, what each send's completions
/// said (and whether an acknowledged position still holds the ID), what consumers received and processed.
/// </summary>
internal sealed class OutcomePass(CheckState state, SeriesBuilder? series) : ILedgerVisitor
{
    private readonly IdTable _table = state.Table;
    private readonly FinalReadIndex _finalRead = state.FinalRead;

    /// <inheritdoc/>
    public LedgerKinds Kinds => LedgerKinds.SendCompleted | LedgerKinds.Consumed | LedgerKinds.Processed;

    /// <inheritdoc/>
    public void Invoked(in SendInvoked e)
    {
        // Sends are counted in the first pass (InvocationPass.Sends).
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Completed(in SendCompleted e)
    {
        var outcome = e.Outcome;
        switch (outcome.Kind)
        {
            case SendOutcomeKind.Ok:
                series?.Ack(e.TimestampTicks);
                break;
            case SendOutcomeKind.Fail:
                series?.Failure(e.TimestampTicks);
                string code = outcome.ErrorCode ?? "";
                state.FailuresByCode[code] = state.FailuresByCode.GetValueOrDefault(code) + 1;
                break;
            default:
                series?.Indeterminate(e.TimestampTicks);
                var key = IndeterminateCode(outcome.Reason);
                state.FailuresByCode[key] = state.FailuresByCode.GetValueOrDefault(key) + 1;
                break;
        }
        ref var cell = ref _table.FindInvoked(e.Id, out int producer);
        if (Unsafe.IsNullRef(ref cell))
        {
            state.Count(FindingKind.CompletionWithoutInvocation);
            if (state.OrphanExamples.Count < state.MaxExamples)
            {
                IReadOnlyList<int> partitions = outcome.Kind == SendOutcomeKind.Ok ? [outcome.Partition] : [];
                IReadOnlyList<long> offsets = outcome.Kind == SendOutcomeKind.Ok ? [outcome.Offset] : [];
                state.OrphanExamples.Add(new FindingExample(e.Id, partitions, offsets, $"completion {outcome} with no invocation in the ledger"));
            }
            return;
        }
        IdCell.Increment(ref cell.Completions);
        switch (outcome.Kind)
        {
            case SendOutcomeKind.Ok:
                cell.Flags |= IdCell.AckedOk;
                bool partitionKnown = outcome.Partition >= 0;
                if (_finalRead.AnyUnavailable && (!partitionKnown || _finalRead.Unavailable.ContainsKey(outcome.Partition)))
                {
                    cell.Flags |= IdCell.AckUnverifiable;
                }
                else if (partitionKnown && outcome.Offset >= 0)
                {
                    CheckAckedPosition(e.Id, _table.GlobalIndex(producer, e.Id.Sequence), outcome.Partition, outcome.Offset);
                }
                break;
            case SendOutcomeKind.Fail:
                cell.Flags |= IdCell.FailSeen;
                break;
            default:
                cell.Flags |= IdCell.IndeterminateSeen;
                break;
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Consumed(in Consumed e)
    {
        series?.Consumed(e.TimestampTicks);
        if (!e.IsDecoded)
        {
            state.Unexpected.Consumed(null, e.Partition, e.Offset, e.ConsumerId);
            return;
        }
        ref var cell = ref _table.FindInvoked(e.RawId, out _);
        if (Unsafe.IsNullRef(ref cell))
        {
            state.Unexpected.Consumed(e.RawId, e.Partition, e.Offset, e.ConsumerId);
            return;
        }
        cell.Flags |= IdCell.ConsumedSeen;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Processed(in Processed e)
    {
        ref var cell = ref _table.FindInvoked(e.Id, out _);
        if (Unsafe.IsNullRef(ref cell))
        {
            state.Unexpected.Processed(e.Id, e.Partition, e.Offset, e.ConsumerId);
            return;
        }
        IdCell.Increment(ref cell.ProcessedCount);
        if (cell.ProcessedCount == 2)
        {
            state.Count(FindingKind.DuplicateProcessing);
            state.PickExample(FindingKind.DuplicateProcessing, e.Id, ref cell);
        }
    }

    /// <inheritdoc/>
    public void Committed(in Committed e)
    {
    }

    /// <inheritdoc/>
    public void Fault(in FaultEvent e)
    {
    }

    /// <inheritdoc/>
    public void Note(in Note e)
    {
    }

    /// <summary>An acknowledged position must still hold the acknowledged ID; otherwise the log was truncated there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckAckedPosition(MessageId id, long global, int partition, long offset)
    {
        var log = _finalRead.Find(partition);
        int at = -1;
        if (log is not null && log.TryFind(offset, out at) && log.ValueAt(at) == global)
        {
            return;
        }
        Truncated(id, partition, offset, log, at);
    }

    private void Truncated(MessageId id, int partition, long offset, PartitionIndex? log, int at)
    {
        state.Count(FindingKind.TruncatedAckedOffsets);
        var (min, max, count) = state.TruncatedByPartition.GetValueOrDefault(partition, (long.MaxValue, long.MinValue, 0));
        state.TruncatedByPartition[partition] = (Math.Min(min, offset), Math.Max(max, offset), count + 1);
        if (state.TruncatedExamples.Count < state.MaxExamples)
        {
            string now = log is null ? "the final read has no such partition"
                : at < 0 ? $"the final read of p{partition} has no offset {offset} ({DescribeRange(log)})"
                : log.ValueAt(at) == PartitionIndex.Undecodable ? "the final read has an undecodable value there"
                : $"the final read has {IdAt(log, at)} there";
            state.TruncatedExamples.Add(new FindingExample(id, [partition], [offset], $"{id} acknowledged at p{partition}@{offset}; {now}"));
        }
    }

    private MessageId IdAt(PartitionIndex log, int at)
    {
        uint value = log.ValueAt(at);
        return value == PartitionIndex.Foreign ? _finalRead.ForeignAt(log.Partition, at) : _table.IdAt(value);
    }

    private static string DescribeRange(PartitionIndex log) =>
        log.Count == 0 ? "it is empty" : $"it holds offsets {log.FirstOffset}..{log.LastOffset}";

    /// <summary>
    /// Failures by error name count indeterminate sends too, keyed by the error name a worker puts before the
    /// reason (<c>"_MSG_TIMED_OUT: ..."</c>), else <c>INDETERMINATE</c>: scenarios expect errors of a type whether the
    /// client reported them as certain or not.
    /// </summary>
    private static string IndeterminateCode(string? reason)
    {
        var end = reason?.IndexOf(':') ?? -1;
        if (end <= 0) return "INDETERMINATE";
        var code = reason![..end];
        return code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_') ? code : "INDETERMINATE";
    }
}
