using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>Turns a finished <see cref="CheckState"/> into findings: counts, descriptions, summaries and worded examples.</summary>
internal static class FindingsReport
{
    /// <summary>Every class with a non-zero count, anomalies first, in <see cref="FindingKind"/> order.</summary>
    public static List<Finding> Build(CheckState state)
    {
        var (crossProducerCount, crossProducerExamples, crossProducerSummary) = state.CrossProducer?.Finish() ?? (0, [], null);
        state.SetCount(FindingKind.CrossProducerReordered, crossProducerCount);
        var findings = new List<Finding>();
        foreach (var kind in Enum.GetValues<FindingKind>())
        {
            long count = state.CountOf(kind);
            if (count == 0)
            {
                continue;
            }
            IReadOnlyList<FindingExample> examples = kind switch
            {
                FindingKind.Unexpected => state.Unexpected.Examples(),
                FindingKind.Reordered => state.ReorderedExamples,
                FindingKind.TruncatedAckedOffsets => state.TruncatedExamples,
                FindingKind.CompletionWithoutInvocation => state.OrphanExamples,
                FindingKind.CrossProducerReordered => crossProducerExamples,
                _ => state.ExampleIds(kind).Select(id => DescribeExample(state, kind, id)).ToList(),
            };
            string? summary = kind == FindingKind.TruncatedAckedOffsets
                ? string.Join("; ", state.TruncatedByPartition.Select(p => $"p{p.Key}: {p.Value.Count} acknowledged offsets in {p.Value.Min}..{p.Value.Max}"))
                : kind == FindingKind.Unverifiable
                    ? "unreadable partitions: " + string.Join(", ", state.FinalRead.Unavailable.Select(p => $"p{p.Key} ({p.Value})"))
                    : kind == FindingKind.UnackedPresent
                        // A "definite" failure that was written anyway means the workload classified an error code
                        // (e.g. NotEnoughReplicasAfterAppend) as Fail that should be Indeterminate.
                        ? $"indeterminate: {count - state.FailedButPresent}; failed (a Fail that was written after all): {state.FailedButPresent}"
                        : kind == FindingKind.Unprocessed
                            ? $"behind the group's committed offset (skipped for good): {state.UnprocessedBehindCommit}; not yet reached by the consumers: {count - state.UnprocessedBehindCommit}"
                            : kind == FindingKind.CrossProducerReordered
                                ? crossProducerSummary
                                : null;
            findings.Add(new Finding(kind, IsAnomaly(kind), count, Describe(kind), examples, summary));
        }
        return [.. findings.OrderBy(f => f.IsAnomaly ? 0 : 1).ThenBy(f => f.Kind)];
    }

    private static FindingExample DescribeExample(CheckState state, FindingKind kind, MessageId id)
    {
        var evidence = state.Evidence[id];
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
}
