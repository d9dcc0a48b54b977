using KafkaChaos.Checkers;
using KafkaChaos.History;

namespace KafkaChaos.Tests.Checkers;

/// <summary>
/// A random run written to disk the way a real one is: one ledger per producer and consumer worker (written with
/// <see cref="HistoryWriter"/>, timestamps never stepping back, ties allowed) and a saved final read. Everything
/// the checker tells apart happens at random: acked, failed, indeterminate, unanswered and retried sends, orphan
/// completions, duplicates, reorders, dropped and truncated records, foreign and undecodable values, unreadable and
/// missing partitions, consumers that skip, process twice or process foreign IDs, commits. No expected counts: it is
/// for comparing checkers with each other.
/// </summary>
internal static class RandomRun
{
    public static async Task<CheckOptions> WriteAsync(int seed, string directory)
    {
        var random = new Random(seed);
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        void Tick() => clock.Now += TimeSpan.FromTicks(random.Next(3) * TimeSpan.TicksPerMillisecond / 2 + (random.Next(4) == 0 ? 7 : 0));

        int producers = random.Next(1, 5), partitions = random.Next(1, 5), consumers = random.Next(0, 4);
        int perProducer = random.Next(0, 60);
        var logs = Enumerable.Range(0, partitions).Select(_ => new List<MessageId?>()).ToList();
        var writers = Enumerable.Range(0, producers).Select(p => HistoryWriter.Create(directory, $"producer-{p}", clock)).ToArray();
        // Producer ids: small, sometimes large (the table's dictionary path).
        var producerIds = Enumerable.Range(0, producers).Select(p => random.Next(5) == 0 ? 70_000 + p : p * 3).ToArray();
        var ignored = Enumerable.Range(0, producers).Select(_ => random.Next(3) == 0).ToArray();
        var next = new long[producers];
        var pending = new List<(int Producer, MessageId Id)>();
        int steps = producers * perProducer * 3;
        for (int step = 0; step < steps; step++)
        {
            Tick();
            int p = random.Next(producers);
            if (random.Next(2) == 0 && next[p] < perProducer)
            {
                int n = (int)Math.Min(random.Next(1, 4), perProducer - next[p]);
                var batch = Enumerable.Range(0, n).Select(i => new MessageId(producerIds[p], next[p] + i)).ToArray();
                next[p] += n;
                writers[p].RecordInvocations(batch, ignored[p]);
                pending.AddRange(batch.Select(id => (p, id)));
                if (random.Next(8) == 0) writers[p].RecordInvocation(batch[0], ignored[p]); // re-invoked
            }
            else if (pending.Count > 0)
            {
                int at = random.Next(pending.Count);
                var (owner, id) = pending[at];
                if (random.Next(4) != 0) pending.RemoveAt(at); // else it may complete again (a retry)
                Complete(writers[owner], id);
            }
            if (random.Next(40) == 0)
            {
                // A completion with no invocation: a higher sequence, or a producer that never invoked.
                var orphan = random.Next(2) == 0 ? new MessageId(producerIds[p], perProducer + random.Next(3)) : new MessageId(555, random.Next(3));
                Complete(writers[p], orphan);
            }
            if (random.Next(60) == 0) writers[p].RecordNote($"note {step}");
            if (random.Next(60) == 0) writers[p].RecordFault("leader-kill", random.Next(2) == 0 ? FaultPhase.Started : FaultPhase.Healed, "broker 1");
        }
        foreach (var writer in writers) writer.Dispose();

        void Complete(HistoryWriter writer, MessageId id)
        {
            int partition = random.Next(partitions + (random.Next(10) == 0 ? 1 : 0)); // now and then a partition not read
            switch (random.Next(10))
            {
                case < 6:
                    var log = partition < logs.Count ? logs[partition] : null;
                    log?.Add(id);
                    if (random.Next(6) == 0) log?.Add(id); // written twice
                    long offset = random.Next(15) == 0 ? -1 : (log?.Count - 1 ?? random.Next(5));
                    writer.RecordCompletion(id, SendOutcome.Ok(random.Next(20) == 0 ? -1 : partition, offset));
                    break;
                case < 8:
                    if (partition < logs.Count && random.Next(4) == 0) logs[partition].Add(id); // failed, yet written
                    writer.RecordCompletion(id, SendOutcome.Fail(random.Next(2) == 0 ? "NotEnoughReplicas" : "MsgSizeTooLarge", "generated"));
                    break;
                default:
                    if (partition < logs.Count && random.Next(2) == 0) logs[partition].Add(id);
                    writer.RecordCompletion(id, SendOutcome.Indeterminate(random.Next(2) == 0 ? "_MSG_TIMED_OUT: generated" : "timed out"));
                    break;
            }
        }

        // The broker's side: reorders, foreign and undecodable values, then drops (gaps) and truncated tails.
        foreach (var log in logs)
        {
            for (int i = 0; i + 1 < log.Count; i++)
            {
                if (random.Next(12) == 0) (log[i], log[i + 1]) = (log[i + 1], log[i]);
            }
            int extras = random.Next(3);
            for (int i = 0; i < extras; i++)
            {
                log.Insert(random.Next(log.Count + 1), random.Next(2) == 0 ? new MessageId(900 + random.Next(3), random.Next(3)) : null);
            }
        }
        var final = new FinalReadBuilder("random");
        var stored = new List<(int Partition, long Offset, MessageId? Id)>();
        for (int part = 0; part < partitions; part++)
        {
            if (random.Next(8) == 0) continue; // not read at all
            final.AddPartition(part);
            var log = logs[part];
            int kept = random.Next(6) == 0 ? random.Next(log.Count + 1) : log.Count; // truncated tail
            long offset = random.Next(3) == 0 ? random.Next(100) : 0;
            for (int i = 0; i < log.Count; i++, offset++)
            {
                // Consumers may have read a record before it was dropped (a gap) or truncated away.
                stored.Add((part, offset, log[i]));
                if (i >= kept || random.Next(15) == 0) continue;
                if (log[i] is { } id) final.Add(part, offset, id);
                else final.Add(part, offset, random.Next(2) == 0 ? "not an envelope"u8 : [0xCA, 0xFE]);
            }
        }
        if (random.Next(5) == 0) final.MarkUnavailable(random.Next(partitions + 1), "no leader");
        if (random.Next(10) == 0) final.MarkUnavailable(0, "timed out");
        await FinalReadFile.SaveAsync(final.Build(), Path.Combine(directory, FinalReadFile.FileName));

        // Consumers: each takes records in log order, may skip, process twice, or process what it did not consume.
        var readers = Enumerable.Range(0, consumers).Select(c => HistoryWriter.Create(directory, $"consumer-{c}", clock)).ToArray();
        foreach (var (part, offset, id) in stored)
        {
            if (consumers == 0) break;
            Tick();
            int c = random.Next(consumers);
            var reader = readers[c];
            if (random.Next(10) == 0) continue; // never received
            reader.RecordConsumed(id, part, offset, c, 1);
            if (id is { } value && random.Next(8) != 0)
            {
                reader.RecordProcessed(value, part, offset, c);
                if (random.Next(10) == 0) readers[random.Next(consumers)].RecordProcessed(value, part, offset, c); // redelivered
            }
            if (random.Next(20) == 0) reader.RecordProcessed(new MessageId(900 + random.Next(5), random.Next(3)), part, offset, c);
            if (random.Next(6) == 0) reader.RecordCommitted(c, part, offset + random.Next(-1, 2));
        }
        foreach (var reader in readers) reader.Dispose();
        return new CheckOptions { ConsumptionExpected = random.Next(3) != 0, MaxExamples = new[] { 0, 1, 3, 10 }[random.Next(4)] };
    }
}
