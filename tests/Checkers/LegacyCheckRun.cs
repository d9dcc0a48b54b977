using System.Runtime.CompilerServices;
using System.Text;
using KafkaChaos.History;
using KafkaChaos.Checkers;

namespace KafkaChaos.Tests.Checkers;

/// <summary>The test oracle: the multi-pass in-memory checker the one-core checker replaced. StreamingCheckerTests compare the two on random runs.</summary>
internal sealed class LegacyCheckRun
{
    private readonly RunHistory _history;
    private readonly FinalRead _finalRead;
    private readonly CheckOptions _options;
    private readonly int _maxExamples;
    private readonly IdTable _table;
    private readonly bool _anyUnavailable;

    private readonly HashSet<MessageId> _foreign = [];
    private readonly HashSet<(int Partition, long Offset)> _undecodable = [];
    private readonly Dictionary<string, long> _failuresByCode = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, (long Min, long Max, long Count)> _truncatedByPartition = [];

    private readonly List<FindingExample> _unexpectedExamples = [];
    private readonly List<FindingExample> _reorderedExamples = [];
    private readonly List<FindingExample> _truncatedExamples = [];
    private readonly List<FindingExample> _orphanExamples = [];
    private List<FindingExample> _crossProducerExamples = [];
    private string? _crossProducerSummary;
    private readonly Dictionary<FindingKind, List<MessageId>> _exampleIds = [];
    private readonly long[] _counts = new long[Enum.GetValues<FindingKind>().Length];
    private readonly Dictionary<MessageId, ExampleEvidence> _evidence = [];
    private long _failedButPresent;
    private long _unprocessedBehindCommit;

    public LegacyCheckRun(RunHistory history, FinalRead finalRead, CheckOptions options)
    {
        _history = history;
        _finalRead = finalRead;
        _options = options;
        _maxExamples = options.MaxExamples;
        _table = IdTable.Build(history.InvocationArray);
        _anyUnavailable = finalRead.UnavailablePartitions.Count > 0;
    }

    public CheckResult Execute()
    {
        var (series, range) = CreateSeries();
        ScanInvocations(series);
        ScanFinalRead();
        (_counts[(int)FindingKind.CrossProducerReordered], _crossProducerExamples, _crossProducerSummary) = LegacyCrossProducerOrder.Check(_history, _finalRead, _table, _maxExamples);
        ScanCompletions(series);
        ScanConsumed(series);
        ScanProcessed();
        var totals = Classify();
        if (totals.Unprocessed > 0)
        {
            LocateUnprocessed();
        }
        if (_evidence.Count > 0)
        {
            GatherEvidence();
        }
        return new CheckResult(totals, BuildFindings(), _failuresByCode, series?.Build() ?? PerSecondSeries.Empty, range);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code on the first (often only) check
    private (SeriesBuilder? Series, TimeRange? Range) CreateSeries()
    {
        long first = long.MaxValue, last = long.MinValue;
        void Span<T>(T[] events) where T : struct, IHistoryEvent
        {
            foreach (ref readonly var e in events.AsSpan())
            {
                long t = e.TimestampTicks;
                if (t < first) first = t;
                if (t > last) last = t;
            }
        }
        Span(_history.InvocationArray);
        Span(_history.CompletionArray);
        Span(_history.ConsumedArray);
        Span(_history.ProcessedArray);
        Span(_history.CommitArray);
        Span(_history.FaultArray);
        Span(_history.NoteArray);
        if (first > last)
        {
            return (null, null);
        }
        first = Math.Clamp(first, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks);
        last = Math.Clamp(last, first, DateTimeOffset.MaxValue.UtcTicks);
        return (new SeriesBuilder(first, last), new TimeRange(new DateTimeOffset(first, TimeSpan.Zero), new DateTimeOffset(last, TimeSpan.Zero)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code on the first (often only) check
    private void ScanInvocations(SeriesBuilder? series)
    {
        var sends = new SecondTally();
        foreach (ref readonly var e in _history.InvocationArray.AsSpan())
        {
            sends.Add(e.TimestampTicks);
            ref var cell = ref _table.Find(e.Id, out _);
            if (Unsafe.IsNullRef(ref cell))
            {
                continue; // negative sequence: not a valid ID, it will read as unexpected wherever it shows up
            }
            cell.Flags |= e.ResultIgnored ? (byte)(IdCell.Invoked | IdCell.ResultIgnored) : IdCell.Invoked;
            IdCell.Increment(ref cell.Invocations);
        }
        series?.AddSends(sends);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code on the first (often only) check
    private void ScanFinalRead()
    {
        int producers = _table.ProducerCount;
        foreach (var log in _finalRead.PartitionArray)
        {
            int partition = log.Partition;
            // Highest sequence (and its offset) seen so far per producer in this partition.
            var maxSequence = new long[producers];
            var maxOffset = new long[producers];
            Array.Fill(maxSequence, -1L);
            foreach (ref readonly var record in log.RecordArray.AsSpan())
            {
                if (!record.IsDecoded)
                {
                    NoteUndecodable(partition, record.Offset, "undecodable value in the log" + PrefixOf(log, record.Offset));
                    continue;
                }
                var id = record.RawId;
                ref var cell = ref _table.FindInvoked(id, out int producer);
                if (Unsafe.IsNullRef(ref cell))
                {
                    NoteForeign(id, partition, record.Offset, "in the log, never invoked");
                    continue;
                }
                bool first = cell.LogCount == 0;
                IdCell.Increment(ref cell.LogCount);
                if (cell.LogCount == 2)
                {
                    Count(FindingKind.DuplicateInLog);
                    PickExample(FindingKind.DuplicateInLog, id, ref cell);
                }
                if (!first)
                {
                    continue; // a duplicate is not also a reorder
                }
                if (id.Sequence < maxSequence[producer])
                {
                    Count(FindingKind.Reordered);
                    if (_reorderedExamples.Count < _maxExamples)
                    {
                        var before = new MessageId(id.ProducerId, maxSequence[producer]);
                        _reorderedExamples.Add(new FindingExample(id, [partition, partition], [maxOffset[producer], record.Offset],
                            $"{id} stored at p{partition}@{record.Offset}, after {before} at p{partition}@{maxOffset[producer]}"));
                    }
                }
                else
                {
                    maxSequence[producer] = id.Sequence;
                    maxOffset[producer] = record.Offset;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code on the first (often only) check
    private void ScanCompletions(SeriesBuilder? series)
    {
        var unavailable = _finalRead.UnavailablePartitions;
        foreach (ref readonly var e in _history.CompletionArray.AsSpan())
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
                    _failuresByCode[code] = _failuresByCode.GetValueOrDefault(code) + 1;
                    break;
                default:
                    series?.Indeterminate(e.TimestampTicks);
                    var key = IndeterminateCode(outcome.Reason);
                    _failuresByCode[key] = _failuresByCode.GetValueOrDefault(key) + 1;
                    break;
            }
            ref var cell = ref _table.FindInvoked(e.Id, out _);
            if (Unsafe.IsNullRef(ref cell))
            {
                Count(FindingKind.CompletionWithoutInvocation);
                if (_orphanExamples.Count < _maxExamples)
                {
                    _orphanExamples.Add(new FindingExample(e.Id, Partitions(outcome), Offsets(outcome), $"completion {outcome} with no invocation in the ledger"));
                }
                continue;
            }
            IdCell.Increment(ref cell.Completions);
            switch (outcome.Kind)
            {
                case SendOutcomeKind.Ok:
                    cell.Flags |= IdCell.AckedOk;
                    bool partitionKnown = outcome.Partition >= 0;
                    if (partitionKnown ? unavailable.ContainsKey(outcome.Partition) : _anyUnavailable)
                    {
                        cell.Flags |= IdCell.AckUnverifiable;
                    }
                    else if (partitionKnown && outcome.Offset >= 0)
                    {
                        CheckAckedPosition(e.Id, outcome.Partition, outcome.Offset);
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
    }

    /// <summary>An acknowledged position must still hold the acknowledged ID; otherwise the log was truncated there.</summary>
    private void CheckAckedPosition(MessageId id, int partition, long offset)
    {
        var log = _finalRead.Find(partition);
        LogRecord found = default;
        if (log is not null && log.TryGet(offset, out found) && found.IsDecoded && found.RawId == id)
        {
            return;
        }
        Count(FindingKind.TruncatedAckedOffsets);
        var (min, max, count) = _truncatedByPartition.GetValueOrDefault(partition, (long.MaxValue, long.MinValue, 0));
        _truncatedByPartition[partition] = (Math.Min(min, offset), Math.Max(max, offset), count + 1);
        if (_truncatedExamples.Count < _maxExamples)
        {
            string now = log is null ? "the final read has no such partition"
                : !log.TryGet(offset, out _) ? $"the final read of p{partition} has no offset {offset} ({DescribeRange(log)})"
                : found.IsDecoded ? $"the final read has {found.RawId} there"
                : "the final read has an undecodable value there";
            _truncatedExamples.Add(new FindingExample(id, [partition], [offset], $"{id} acknowledged at p{partition}@{offset}; {now}"));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code on the first (often only) check
    private void ScanConsumed(SeriesBuilder? series)
    {
        foreach (ref readonly var e in _history.ConsumedArray.AsSpan())
        {
            series?.Consumed(e.TimestampTicks);
            if (!e.IsDecoded)
            {
                NoteUndecodable(e.Partition, e.Offset, $"undecodable value consumed by consumer {e.ConsumerId}");
                continue;
            }
            ref var cell = ref _table.FindInvoked(e.RawId, out _);
            if (Unsafe.IsNullRef(ref cell))
            {
                NoteForeign(e.RawId, e.Partition, e.Offset, $"consumed by consumer {e.ConsumerId}, never invoked");
                continue;
            }
            cell.Flags |= IdCell.ConsumedSeen;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code on the first (often only) check
    private void ScanProcessed()
    {
        foreach (ref readonly var e in _history.ProcessedArray.AsSpan())
        {
            ref var cell = ref _table.FindInvoked(e.Id, out _);
            if (Unsafe.IsNullRef(ref cell))
            {
                NoteForeign(e.Id, e.Partition, e.Offset, $"processed by consumer {e.ConsumerId}, never invoked");
                continue;
            }
            IdCell.Increment(ref cell.ProcessedCount);
            if (cell.ProcessedCount == 2)
            {
                Count(FindingKind.DuplicateProcessing);
                PickExample(FindingKind.DuplicateProcessing, e.Id, ref cell);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code on the first (often only) check
    private CheckCounts Classify()
    {
        long sent = 0, acked = 0, failed = 0, indeterminate = 0;
        bool consumptionExpected = _options.ConsumptionExpected;
        for (int p = 0; p < _table.ProducerCount; p++)
        {
            int producerId = _table.ProducerId(p);
            var cells = _table.Cells(p);
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
                bool absenceUnverifiable = isAcked ? cell.Has(IdCell.AckUnverifiable) : _anyUnavailable;
                if (!present && absenceUnverifiable)
                {
                    Classified(FindingKind.Unverifiable, producerId, sequence, ref cell);
                }
                else if (!present && isAcked)
                {
                    Classified(FindingKind.AckedLost, producerId, sequence, ref cell);
                    if (cell.Has(IdCell.ConsumedSeen) || cell.ProcessedCount > 0)
                    {
                        Classified(FindingKind.AckedLostAfterConsumption, producerId, sequence, ref cell);
                    }
                }
                else if (!present)
                {
                    Classified(FindingKind.UnackedAbsent, producerId, sequence, ref cell);
                }
                else if (!isAcked)
                {
                    Classified(FindingKind.UnackedPresent, producerId, sequence, ref cell);
                    if (cell.Has(IdCell.FailSeen) || cell.Has(IdCell.IndeterminateSeen))
                    {
                        Classified(FindingKind.FailedButPresent, producerId, sequence, ref cell);
                    }
                    if (isFailed)
                    {
                        _failedButPresent++;
                    }
                }

                if (!present && !absenceUnverifiable && cell.Has(IdCell.ResultIgnored))
                {
                    Classified(FindingKind.SilentlyLost, producerId, sequence, ref cell);
                }
                if (consumptionExpected && present && cell.ProcessedCount == 0)
                {
                    Classified(FindingKind.Unprocessed, producerId, sequence, ref cell);
                }
            }
        }
        return new CheckCounts
        {
            Sent = sent,
            Acked = acked,
            Failed = failed,
            Indeterminate = indeterminate,
            AckedLost = CountOf(FindingKind.AckedLost),
            UnackedPresent = CountOf(FindingKind.UnackedPresent),
            SilentlyLost = CountOf(FindingKind.SilentlyLost),
            Unprocessed = CountOf(FindingKind.Unprocessed),
            DuplicatesInLog = CountOf(FindingKind.DuplicateInLog),
            DuplicateProcessing = CountOf(FindingKind.DuplicateProcessing),
            Reordered = CountOf(FindingKind.Reordered),
            Unexpected = _foreign.Count + _undecodable.Count,
        };
    }

    private void Classified(FindingKind kind, int producerId, long sequence, ref IdCell cell)
    {
        Count(kind);
        PickExample(kind, new MessageId(producerId, sequence), ref cell);
    }

    /// <summary>
    /// Splits unprocessed IDs by where they sit relative to the highest offset the group committed in their
    /// partition: behind it, the group skipped them for good (commit before processing, claim C1); at or past
    /// it, the consumers simply had not reached them (an unfinished drain). An ID is placed by its first copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code on the first (often only) check
    private void LocateUnprocessed()
    {
        var committed = new Dictionary<int, long>();
        foreach (ref readonly var c in _history.CommitArray.AsSpan())
        {
            committed[c.Partition] = Math.Max(committed.GetValueOrDefault(c.Partition, -1), c.Offset);
        }
        var seenDuplicates = new HashSet<MessageId>();
        foreach (var log in _finalRead.PartitionArray)
        {
            long committedOffset = committed.GetValueOrDefault(log.Partition, -1);
            foreach (ref readonly var record in log.RecordArray.AsSpan())
            {
                if (!record.IsDecoded || record.Offset >= committedOffset)
                {
                    continue;
                }
                ref var cell = ref _table.FindInvoked(record.RawId, out _);
                if (Unsafe.IsNullRef(ref cell) || cell.ProcessedCount > 0 || (cell.LogCount > 1 && !seenDuplicates.Add(record.RawId)))
                {
                    continue;
                }
                _unprocessedBehindCommit++;
            }
        }
    }

    /// <summary>Second pass, only over the IDs chosen as examples: where they were acked, stored, consumed, processed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code on the first (often only) check
    private void GatherEvidence()
    {
        foreach (ref readonly var e in _history.CompletionArray.AsSpan())
        {
            if (IsExample(e.Id))
            {
                ExampleEvidence.AddBounded(_evidence[e.Id].Outcomes, e.Outcome);
            }
        }
        foreach (var log in _finalRead.PartitionArray)
        {
            foreach (ref readonly var record in log.RecordArray.AsSpan())
            {
                if (record.IsDecoded && IsExample(record.RawId))
                {
                    ExampleEvidence.AddBounded(_evidence[record.RawId].Log, (log.Partition, record.Offset));
                }
            }
        }
        foreach (ref readonly var e in _history.ConsumedArray.AsSpan())
        {
            if (e.IsDecoded && IsExample(e.RawId))
            {
                ExampleEvidence.AddBounded(_evidence[e.RawId].Consumed, (e.Partition, e.Offset, e.ConsumerId));
            }
        }
        foreach (ref readonly var e in _history.ProcessedArray.AsSpan())
        {
            if (IsExample(e.Id))
            {
                ExampleEvidence.AddBounded(_evidence[e.Id].Processed, (e.Partition, e.Offset, e.ConsumerId));
            }
        }
    }

    private bool IsExample(MessageId id)
    {
        ref var cell = ref _table.Find(id, out _);
        return !Unsafe.IsNullRef(ref cell) && cell.Has(IdCell.Example);
    }

    private List<Finding> BuildFindings()
    {
        var findings = new List<Finding>();
        foreach (var kind in Enum.GetValues<FindingKind>())
        {
            long count = kind == FindingKind.Unexpected ? _foreign.Count + _undecodable.Count : CountOf(kind);
            if (count == 0)
            {
                continue;
            }
            IReadOnlyList<FindingExample> examples = kind switch
            {
                FindingKind.Unexpected => _unexpectedExamples,
                FindingKind.Reordered => _reorderedExamples,
                FindingKind.TruncatedAckedOffsets => _truncatedExamples,
                FindingKind.CompletionWithoutInvocation => _orphanExamples,
                FindingKind.CrossProducerReordered => _crossProducerExamples,
                _ => _exampleIds.GetValueOrDefault(kind)?.Select(id => DescribeExample(kind, id)).ToList() ?? [],
            };
            string? summary = kind == FindingKind.TruncatedAckedOffsets
                ? string.Join("; ", _truncatedByPartition.Select(p => $"p{p.Key}: {p.Value.Count} acknowledged offsets in {p.Value.Min}..{p.Value.Max}"))
                : kind == FindingKind.Unverifiable
                    ? "unreadable partitions: " + string.Join(", ", _finalRead.UnavailablePartitions.Select(p => $"p{p.Key} ({p.Value})"))
                    : kind == FindingKind.UnackedPresent
                        // A "definite" failure that was written anyway means the workload classified an error code
                        // (e.g. NotEnoughReplicasAfterAppend) as Fail that should be Indeterminate.
                        ? $"indeterminate: {count - _failedButPresent}; failed (a Fail that was written after all): {_failedButPresent}"
                        : kind == FindingKind.Unprocessed
                            ? $"behind the group's committed offset (skipped for good): {_unprocessedBehindCommit}; not yet reached by the consumers: {count - _unprocessedBehindCommit}"
                            : kind == FindingKind.CrossProducerReordered
                                ? _crossProducerSummary
                                : null;
            findings.Add(new Finding(kind, IsAnomaly(kind), count, Describe(kind), examples, summary));
        }
        return [.. findings.OrderBy(f => f.IsAnomaly ? 0 : 1).ThenBy(f => f.Kind)];
    }

    private FindingExample DescribeExample(FindingKind kind, MessageId id)
    {
        var evidence = _evidence[id];
        var acks = evidence.Outcomes.Where(o => o.Kind == SendOutcomeKind.Ok).Select(o => (o.Partition, o.Offset)).ToList();
        string outcomes = evidence.Outcomes.Count == 0 ? "no completion" : string.Join(", ", evidence.Outcomes);
        string stored = evidence.Log.Count == 0 ? "absent from the final read" : "stored at " + Positions(evidence.Log);
        string consumed = evidence.Consumed.Count == 0 ? "" : "; consumed at " + string.Join(", ", evidence.Consumed.Select(c => $"p{c.Partition}@{c.Offset} by consumer {c.Consumer}"));
        string processed = evidence.Processed.Count == 0 ? "never processed" : "processed at " + string.Join(", ", evidence.Processed.Select(c => $"p{c.Partition}@{c.Offset} by consumer {c.Consumer}"));
        (List<(int Partition, long Offset)> positions, string detail) = kind switch
        {
            FindingKind.AckedLost or FindingKind.AckedLostAfterConsumption => (acks, $"{outcomes}; {stored}{consumed}"),
            FindingKind.SilentlyLost => (acks, $"fire-and-forget; delivery report: {outcomes}; {stored}"),
            FindingKind.Unverifiable => (acks, $"{outcomes}; {stored}, but some partitions could not be read"),
            FindingKind.UnackedAbsent => ([], $"{outcomes}; {stored}"),
            FindingKind.UnackedPresent => (evidence.Log, $"{outcomes}; {stored}"),
            FindingKind.FailedButPresent => (evidence.Log, $"the client was told {outcomes}; yet {stored}"),
            FindingKind.DuplicateInLog => (evidence.Log, $"{stored} ({evidence.Log.Count} copies); {outcomes}"),
            FindingKind.DuplicateProcessing => (evidence.Processed.Select(c => (c.Partition, c.Offset)).ToList(), processed),
            FindingKind.Unprocessed => (evidence.Log, $"{stored}{consumed}; {processed}"),
            _ => (evidence.Log, $"{outcomes}; {stored}"),
        };
        return new FindingExample(id, positions.Select(p => p.Partition).ToList(), positions.Select(p => p.Offset).ToList(), $"{id}: {detail}");
    }

    private void PickExample(FindingKind kind, MessageId id, ref IdCell cell)
    {
        if (!_exampleIds.TryGetValue(kind, out var ids))
        {
            _exampleIds[kind] = ids = [];
        }
        if (ids.Count >= _maxExamples)
        {
            return;
        }
        ids.Add(id);
        cell.Flags |= IdCell.Example;
        _evidence.TryAdd(id, new ExampleEvidence());
    }

    private void NoteForeign(MessageId id, int partition, long offset, string detail)
    {
        if (_foreign.Add(id) && _unexpectedExamples.Count < _maxExamples)
        {
            _unexpectedExamples.Add(new FindingExample(id, [partition], [offset], $"{id} at p{partition}@{offset}: {detail}"));
        }
    }

    private void NoteUndecodable(int partition, long offset, string detail)
    {
        if (_undecodable.Add((partition, offset)) && _unexpectedExamples.Count < _maxExamples)
        {
            _unexpectedExamples.Add(new FindingExample(null, [partition], [offset], $"p{partition}@{offset}: {detail}"));
        }
    }

    private void Count(FindingKind kind) => _counts[(int)kind]++;

    private long CountOf(FindingKind kind) => _counts[(int)kind];

    private static bool IsAnomaly(FindingKind kind) =>
        kind is not (FindingKind.UnackedPresent or FindingKind.UnackedAbsent or FindingKind.Unverifiable or FindingKind.CompletionWithoutInvocation
            or FindingKind.FailedButPresent or FindingKind.CrossProducerReordered);

    private static string Describe(FindingKind kind) => kind switch
    {
        FindingKind.AckedLost => "Acknowledged by the broker, absent from the final read (lost in the log).",
        FindingKind.AckedLostAfterConsumption => "Acknowledged and consumed, then gone from the log (truncated after it was read).",
        FindingKind.TruncatedAckedOffsets => "Acknowledged offsets that no longer hold the acknowledged message (log truncation).",
        FindingKind.SilentlyLost => "Sent fire-and-forget and absent from the log: the application believes it was sent.",
        FindingKind.Unprocessed => "In the log but never processed by any consumer (lost on the way to the consumer).",
        FindingKind.DuplicateInLog => "Stored at two or more offsets (producer retry).",
        FindingKind.DuplicateProcessing => "Processed more than once (consumer redelivery).",
        FindingKind.Reordered => "Stored after a later message of the same producer in the same partition.",
        FindingKind.Unexpected => "In the log, consumed or processed, but never invoked by any producer (or not decodable).",
        FindingKind.UnackedPresent => "Failed or indeterminate, yet present in the log (recovered).",
        FindingKind.UnackedAbsent => "Failed or indeterminate and absent from the log (expected).",
        FindingKind.Unverifiable => "Absent from the final read, but some partitions could not be read.",
        FindingKind.CompletionWithoutInvocation => "Completion recorded for an ID with no invocation (harness ledger bug).",
        FindingKind.FailedButPresent => "The client was told the send failed, yet it is in the log (failed but present).",
        FindingKind.CrossProducerReordered => "Stored after a message of another producer whose send was invoked later (order across producers is not kept).",
        _ => kind.ToString(),
    };

    private static string Positions(IEnumerable<(int Partition, long Offset)> positions) =>
        string.Join(", ", positions.Select(p => $"p{p.Partition}@{p.Offset}"));

    private static string DescribeRange(PartitionLog log) =>
        log.RecordArray.Length == 0 ? "it is empty" : $"it holds offsets {log.RecordArray[0].Offset}..{log.RecordArray[^1].Offset}";

    private static string PrefixOf(PartitionLog log, long offset)
    {
        if (!log.UndecodableValues.TryGetValue(offset, out var prefix))
        {
            return "";
        }
        var hex = new StringBuilder(" (starts ");
        hex.Append(Convert.ToHexString(prefix));
        return hex.Append(')').ToString();
    }

    private static IReadOnlyList<int> Partitions(SendOutcome outcome) => outcome.Kind == SendOutcomeKind.Ok ? [outcome.Partition] : [];

    private static IReadOnlyList<long> Offsets(SendOutcome outcome) => outcome.Kind == SendOutcomeKind.Ok ? [outcome.Offset] : [];

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
