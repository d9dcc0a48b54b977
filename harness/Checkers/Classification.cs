using System.Runtime.CompilerServices;
using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>After the passes: each invoked ID's status and classes, from its cell alone.</summary>
internal static class Classification
{
    /// <summary>Classifies every invoked ID of <paramref name="state"/>, counting and picking examples; returns the totals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 code on the first (often only) check
    public static CheckCounts Classify(CheckState state)
    {
        long sent = 0, acked = 0, failed = 0, indeterminate = 0;
        bool consumptionExpected = state.Options.ConsumptionExpected;
        bool anyUnavailable = state.FinalRead.AnyUnavailable;
        var table = state.Table;
        for (int p = 0; p < table.ProducerCount; p++)
        {
            int producerId = table.ProducerId(p);
            var cells = table.Cells(p);
            for (long sequence = 0; sequence < cells.Length; sequence++)
            {
                ref var cell = ref cells[sequence];
                if ((cell.Flags & IdCell.Invoked) == 0)
                {
                    continue;
                }
                sent++;
                bool isAcked = cell.Has(IdCell.AckedOk);
                bool isFailed = !isAcked && cell.Has(IdCell.FailSeen) && !cell.Has(IdCell.IndeterminateSeen) && cell.Completions >= cell.Invocations;
                if (isAcked) acked++;
                else if (isFailed) failed++;
                else indeterminate++;

                bool present = cell.LogCount > 0;
                bool absenceUnverifiable = isAcked ? cell.Has(IdCell.AckUnverifiable) : anyUnavailable;
                if (!present && absenceUnverifiable)
                {
                    Classified(state, FindingKind.Unverifiable, producerId, sequence, ref cell);
                }
                else if (!present && isAcked)
                {
                    Classified(state, FindingKind.AckedLost, producerId, sequence, ref cell);
                    if (cell.Has(IdCell.ConsumedSeen) || cell.ProcessedCount > 0)
                    {
                        Classified(state, FindingKind.AckedLostAfterConsumption, producerId, sequence, ref cell);
                    }
                }
                else if (!present)
                {
                    Classified(state, FindingKind.UnackedAbsent, producerId, sequence, ref cell);
                }
                else if (!isAcked)
                {
                    Classified(state, FindingKind.UnackedPresent, producerId, sequence, ref cell);
                    if (cell.Has(IdCell.FailSeen) || cell.Has(IdCell.IndeterminateSeen))
                    {
                        Classified(state, FindingKind.FailedButPresent, producerId, sequence, ref cell);
                    }
                    if (isFailed)
                    {
                        state.FailedButPresent++;
                    }
                }

                if (!present && !absenceUnverifiable && cell.Has(IdCell.ResultIgnored))
                {
                    Classified(state, FindingKind.SilentlyLost, producerId, sequence, ref cell);
                }
                if (consumptionExpected && present && cell.ProcessedCount == 0)
                {
                    Classified(state, FindingKind.Unprocessed, producerId, sequence, ref cell);
                }
            }
        }
        return new CheckCounts
        {
            Sent = sent,
            Acked = acked,
            Failed = failed,
            Indeterminate = indeterminate,
            AckedLost = state.CountOf(FindingKind.AckedLost),
            UnackedPresent = state.CountOf(FindingKind.UnackedPresent),
            SilentlyLost = state.CountOf(FindingKind.SilentlyLost),
            Unprocessed = state.CountOf(FindingKind.Unprocessed),
            DuplicatesInLog = state.CountOf(FindingKind.DuplicateInLog),
            DuplicateProcessing = state.CountOf(FindingKind.DuplicateProcessing),
            Reordered = state.CountOf(FindingKind.Reordered),
            Unexpected = state.CountOf(FindingKind.Unexpected),
        };
    }

    /// <summary>
    /// Splits unprocessed IDs by where they sit relative to the highest offset the group committed in their
    /// partition: behind it, the group skipped them for good (commit before processing, claim C1); at or past
    /// it, the consumers simply had not reached them (an unfinished drain). An ID is placed by its first copy.
    /// Also notes where the example IDs are stored. Runs over the compact final read, not the file.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RevisitLog(CheckState state, bool locateUnprocessed)
    {
        var table = state.Table;
        var seenDuplicates = new HashSet<MessageId>();
        long behind = 0;
        foreach (var log in state.FinalRead.Partitions)
        {
            long committedOffset = locateUnprocessed ? state.Committed.GetValueOrDefault(log.Partition, -1) : -1;
            for (int i = 0; i < log.Count; i++)
            {
                uint value = log.ValueAt(i);
                if (value >= PartitionIndex.Foreign)
                {
                    continue;
                }
                ref var cell = ref table.CellAt(value);
                if (cell.Has(IdCell.Example))
                {
                    ExampleEvidence.AddBounded(state.Evidence[table.IdAt(value)].Log, (log.Partition, log.OffsetAt(i)));
                }
                if (committedOffset < 0 || log.OffsetAt(i) >= committedOffset || cell.ProcessedCount > 0
                    || (cell.LogCount > 1 && !seenDuplicates.Add(table.IdAt(value))))
                {
                    continue;
                }
                behind++;
            }
        }
        state.UnprocessedBehindCommit = behind;
    }

    private static void Classified(CheckState state, FindingKind kind, int producerId, long sequence, ref IdCell cell)
    {
        state.Count(kind);
        state.PickExample(kind, new MessageId(producerId, sequence), ref cell);
    }
}
