using KafkaChaos.Checkers;
using KafkaChaos.History;

namespace KafkaChaos.Tests.Checkers;

/// <summary>
/// The recipe for a generated run: a clean send/ack/consume history into which known numbers of anomalies
/// are injected. Requested counts are capped by what the run can hold; <see cref="Build"/> returns the
/// counts actually injected, computed independently of the checker.
/// </summary>
internal sealed record GeneratedRun(
    int Seed, int Producers, int PerProducer, int Partitions, bool FireAndForget,
    int Drop, int Fail, int IndeterminatePresent, int Duplicate, int Swap, int Foreign, int Undecodable, int Reprocess, int Skip)
{
    public (RunHistory History, FinalRead FinalRead, CheckCounts Expected, long ExpectedTruncated) Build()
    {
        var random = new Random(Seed);
        var ids = new List<MessageId>();
        for (long s = 0; s < PerProducer; s++)
        {
            for (int p = 0; p < Producers; p++)
            {
                ids.Add(new MessageId(p, s));
            }
        }
        int PartitionOf(MessageId id) => (int)((id.ProducerId + id.Sequence) % Partitions);

        var shuffled = ids.OrderBy(_ => random.Next()).ToList();
        int taken = 0;
        HashSet<MessageId> Take(int requested)
        {
            var set = shuffled.Skip(taken).Take(requested).ToHashSet();
            taken += set.Count;
            return set;
        }
        var dropped = Take(Drop);
        var failed = Take(Fail);
        var indeterminate = Take(IndeterminatePresent);
        var duplicated = Take(Duplicate);
        var reprocessed = Take(Reprocess);
        var skipped = Take(Skip);

        long ticks = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero).UtcTicks;
        var history = new HistoryBuilder(ids.Count);
        // Partition logs as the broker wrote them (offset = index); dropped entries become null (a gap).
        var logs = Enumerable.Range(0, Partitions).Select(_ => new List<MessageId?>()).ToArray();
        foreach (var id in ids)
        {
            ticks += TimeSpan.TicksPerMillisecond;
            bool ignored = FireAndForget && id.ProducerId == 0;
            history.Add(new SendInvoked(ticks, id, ignored));
            if (failed.Contains(id))
            {
                history.Add(new SendCompleted(ticks, id, SendOutcome.Fail("NotEnoughReplicas", "generated")));
                continue;
            }
            var log = logs[PartitionOf(id)];
            log.Add(id);
            history.Add(new SendCompleted(ticks, id, indeterminate.Contains(id)
                ? SendOutcome.Indeterminate("generated")
                : SendOutcome.Ok(PartitionOf(id), log.Count - 1)));
        }

        long truncated = dropped.Count;
        foreach (var log in logs)
        {
            for (int i = 0; i < log.Count; i++)
            {
                if (log[i] is { } id && dropped.Contains(id))
                {
                    log[i] = null;
                }
            }
        }

        // Swap disjoint pairs of consecutive records of one producer in one partition: one reorder each.
        var candidates = new List<(int Partition, int A, int B)>();
        for (int part = 0; part < Partitions; part++)
        {
            var log = logs[part];
            foreach (var byProducer in Enumerable.Range(0, log.Count).Where(i => log[i] is not null).GroupBy(i => log[i]!.Value.ProducerId))
            {
                var positions = byProducer.ToList();
                for (int j = 0; j + 1 < positions.Count; j += 2)
                {
                    candidates.Add((part, positions[j], positions[j + 1]));
                }
            }
        }
        var swaps = candidates.OrderBy(_ => random.Next()).Take(Swap).ToList();
        foreach (var (part, a, b) in swaps)
        {
            var log = logs[part];
            (log[a], log[b]) = (log[b], log[a]);
            truncated += new[] { log[a]!.Value, log[b]!.Value }.Count(id => !indeterminate.Contains(id));
        }

        var final = new FinalReadBuilder("generated");
        var consumer = new List<(int Partition, long Offset, MessageId? Id)>();
        for (int part = 0; part < Partitions; part++)
        {
            final.AddPartition(part);
            var log = logs[part];
            for (int offset = 0; offset < log.Count; offset++)
            {
                if (log[offset] is { } id)
                {
                    final.Add(part, offset, id);
                    consumer.Add((part, offset, id));
                }
            }
            long next = log.Count;
            foreach (var id in duplicated.Where(d => PartitionOf(d) == part).OrderBy(d => d.Sequence).ThenBy(d => d.ProducerId))
            {
                final.Add(part, next, id);
                consumer.Add((part, next++, id));
            }
            for (int f = part; f < Foreign; f += Partitions)
            {
                var id = new MessageId(1000 + f, 0);
                final.Add(part, next, id);
                consumer.Add((part, next++, id));
            }
            for (int u = part; u < Undecodable; u += Partitions)
            {
                final.Add(part, next, "not an envelope"u8);
                consumer.Add((part, next++, null));
            }
        }

        // A dedupe-by-ID consumer that processes everything once, except the skipped (crashed after commit)
        // and the reprocessed (redelivered after a crash before commit).
        var processedOnce = new HashSet<MessageId>();
        foreach (var (part, offset, id) in consumer)
        {
            ticks += TimeSpan.TicksPerMillisecond;
            history.Add(new Consumed(ticks, id, part, offset, 1, 1));
            if (id is not { } value || value.ProducerId >= 1000 || skipped.Contains(value) || !processedOnce.Add(value))
            {
                continue;
            }
            history.Add(new Processed(ticks, value, part, offset, 1));
            if (reprocessed.Contains(value))
            {
                history.Add(new Processed(ticks, value, part, offset, 2));
            }
        }

        long silentlyLost = FireAndForget ? dropped.Concat(failed).Count(id => id.ProducerId == 0) : 0;
        var expected = new CheckCounts
        {
            Sent = ids.Count,
            Acked = ids.Count - failed.Count - indeterminate.Count,
            Failed = failed.Count,
            Indeterminate = indeterminate.Count,
            AckedLost = dropped.Count,
            UnackedPresent = indeterminate.Count,
            SilentlyLost = silentlyLost,
            Unprocessed = skipped.Count,
            DuplicatesInLog = duplicated.Count,
            DuplicateProcessing = reprocessed.Count,
            Reordered = swaps.Count,
            Unexpected = Foreign + Undecodable,
        };
        return (history.Build(), final.Build(), expected, truncated);
    }
}
