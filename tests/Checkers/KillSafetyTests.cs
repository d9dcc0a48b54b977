using KafkaChaos.Checkers;
using KafkaChaos.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.Checkers;

/// <summary>
/// A worker SIGKILLed at any moment leaves its ledger cut at any byte; the world it acted on contains exactly
/// the actions it performed before dying, and each action happened when the ledger had some length. Killing at
/// byte X therefore yields: the file cut at X, and the actions taken while at most X bytes had reached the OS.
/// For every X the checker must report no anomaly that did not happen.
/// </summary>
internal sealed class KillSafetyTests
{
    private const int Seed = 20261121;
    private static readonly CheckOptions Consuming = new() { ConsumptionExpected = true };

    /// <summary>What the simulated broker and consumers saw, in order, with the producer ledger length when it happened.</summary>
    private sealed record Action(long DurableLength, MessageId Id);

    [Test]
    public async Task A_producer_killed_at_any_byte_causes_no_false_anomaly()
    {
        using var dir = new History.TempDirectory();
        var (bytes, appended) = SimulateProducer(dir.Path, invocationsFirst: true);
        TestContext.Out.WriteLine($"seed {Seed}; producer ledger {bytes.Length} bytes, {appended.Count} appends");

        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            var result = await CheckKilledProducerAsync(bytes, appended, cut);
            Assert.That(result.HasAnomalies, Is.False,
                () => $"cut at {cut}: " + string.Join("; ", result.Findings.Where(f => f.IsAnomaly).Select(f => $"{f.Kind} {f.Count}: {f.Examples.FirstOrDefault()?.Detail}")));
        }
    }

    [Test]
    public async Task Recording_invocations_after_the_hand_off_would_be_caught()
    {
        // The negative control: the same simulation with the wrong order must produce a false verdict
        // for some kill point, otherwise the test above would prove nothing.
        using var dir = new History.TempDirectory();
        var (bytes, appended) = SimulateProducer(dir.Path, invocationsFirst: false);
        bool falseAnomaly = false;
        for (int cut = 0; cut <= bytes.Length && !falseAnomaly; cut++)
        {
            falseAnomaly = (await CheckKilledProducerAsync(bytes, appended, cut)).Counts.Unexpected > 0;
        }
        Assert.That(falseAnomaly, Is.True);
    }

    [Test]
    public async Task A_consumer_killed_at_any_byte_causes_no_false_loss_and_exact_duplicates()
    {
        using var dir = new History.TempDirectory();
        var ids = Enumerable.Range(0, 40).Select(i => new MessageId(1, i)).ToArray();
        var log = new FinalReadBuilder("t");
        long t = ManualTimeProvider0.UtcTicks;
        for (int i = 0; i < ids.Length; i++)
        {
            log.Add(0, i, ids[i]);
        }
        HistoryBuilder Producer() // a fresh one per check: merging consumes builders
        {
            var producer = new HistoryBuilder();
            for (int i = 0; i < ids.Length; i++)
            {
                producer.Add(new SendInvoked(t, ids[i], false)).Add(new SendCompleted(t, ids[i], SendOutcome.Ok(0, i)));
            }
            return producer;
        }
        var finalRead = log.Build();

        // Consumer 1: consume, process (durable), commit every 4 records after processing.
        var commits = new List<(long DurableLength, long Offset)>();
        string path;
        using (var c1 = HistoryWriter.Create(dir.Path, "consumer-1", new History.ManualTimeProvider(ManualTimeProvider0, TimeSpan.FromMilliseconds(1))))
        {
            path = c1.Path;
            for (int i = 0; i < ids.Length; i++)
            {
                c1.RecordConsumed(ids[i], 0, i, 1, 1);
                c1.RecordProcessed(ids[i], 0, i, 1);
                if (i % 4 == 3)
                {
                    commits.Add((c1.BytesWritten, i + 1)); // the commit request happens now
                    c1.RecordCommitted(1, 0, i + 1);
                }
            }
        }
        var bytes = await File.ReadAllBytesAsync(path);

        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            var killed = new HistoryBuilder();
            using (var s = new MemoryStream(bytes, 0, cut))
            {
                await HistoryReader.ReadStreamAsync(s, path, killed);
            }
            long resumeAt = commits.Where(c => c.DurableLength <= cut).Select(c => c.Offset).DefaultIfEmpty(0).Max();
            var restarted = new HistoryBuilder();
            for (long o = resumeAt; o < ids.Length; o++)
            {
                restarted.Add(new Consumed(t, ids[o], 0, o, 2, 2)).Add(new Processed(t, ids[o], 0, o, 2));
            }
            var firstRun = killed.Build().Processings.Select(p => p.Id).ToHashSet();
            var history = HistoryBuilder.Merge([Producer(), killed, restarted], []);
            long reallyProcessedTwice = Enumerable.Range((int)resumeAt, ids.Length - (int)resumeAt).Count(o => firstRun.Contains(ids[o]));

            var r = HistoryChecker.Check(history, finalRead, Consuming);

            Assert.That(r.Counts.Unprocessed, Is.Zero, $"cut at {cut}");
            Assert.That(r.Counts.DuplicateProcessing, Is.EqualTo(reallyProcessedTwice), $"cut at {cut}");
            Assert.That(r.Findings.Where(f => f.IsAnomaly).Select(f => f.Kind), Is.SubsetOf(new[] { FindingKind.DuplicateProcessing }), $"cut at {cut}");
        }
    }

    private static readonly DateTimeOffset ManualTimeProvider0 = History.ManualTimeProvider.DefaultStart;

    /// <summary>
    /// A producer sending batches: record invocations, hand the batch to the "client", which appends some to
    /// the log (some sends fail), then record completions (buffered, flushed now and then).
    /// </summary>
    private static (byte[] Bytes, List<Action> Appended) SimulateProducer(string directory, bool invocationsFirst)
    {
        var random = new Random(Seed);
        var appended = new List<Action>();
        string path;
        using (var w = HistoryWriter.Create(directory, "producer-0", new History.ManualTimeProvider(ManualTimeProvider0, TimeSpan.FromMilliseconds(1))))
        {
            path = w.Path;
            long sequence = 0;
            for (int batch = 0; batch < 40; batch++)
            {
                var ids = Enumerable.Range(0, random.Next(1, 4)).Select(_ => new MessageId(0, sequence++)).ToArray();
                if (invocationsFirst)
                {
                    w.RecordInvocations(ids, resultIgnored: false);
                }
                var outcomes = new List<(MessageId Id, SendOutcome Outcome)>();
                foreach (var id in ids)
                {
                    if (random.Next(5) == 0)
                    {
                        outcomes.Add((id, SendOutcome.Fail("NotEnoughReplicas", "isr")));
                        continue;
                    }
                    appended.Add(new Action(w.BytesWritten, id));
                    outcomes.Add((id, SendOutcome.Ok(0, appended.Count - 1)));
                }
                if (!invocationsFirst)
                {
                    w.RecordInvocations(ids, resultIgnored: false);
                }
                foreach (var (id, outcome) in outcomes)
                {
                    w.RecordCompletion(id, outcome);
                }
                if (random.Next(3) == 0)
                {
                    w.Flush();
                }
            }
        }
        return (File.ReadAllBytes(path), appended);
    }

    private static async Task<CheckResult> CheckKilledProducerAsync(byte[] bytes, List<Action> appended, int cut)
    {
        var killed = new HistoryBuilder();
        using (var s = new MemoryStream(bytes, 0, cut))
        {
            await HistoryReader.ReadStreamAsync(s, "producer-0.history", killed);
        }
        // The latest death consistent with the cut: every append made while at most `cut` bytes were durable.
        var log = new FinalReadBuilder("t").AddPartition(0);
        var consumer = new HistoryBuilder();
        long t = ManualTimeProvider0.UtcTicks;
        long offset = 0;
        foreach (var a in appended.TakeWhile(a => a.DurableLength <= cut))
        {
            log.Add(0, offset, a.Id);
            consumer.Add(new Consumed(t, a.Id, 0, offset, 1, 1)).Add(new Processed(t, a.Id, 0, offset, 1));
            offset++;
        }
        return HistoryChecker.Check(HistoryBuilder.Merge([killed, consumer], []), log.Build(), Consuming);
    }
}
