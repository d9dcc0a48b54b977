using FsCheck;
using FsCheck.Fluent;
using KafkaChaos.Checkers;
using KafkaChaos.History;
using NUnit.Framework;
using static KafkaChaos.Tests.Checkers.LedgerScenario;

namespace KafkaChaos.Tests.Checkers;

/// <summary>"Failed but present" (B11) and order across producers by invocation time (D5): examples and exact counts.</summary>
internal sealed class ClientViewFindingsTests
{
    [Test]
    public void A_send_the_client_was_told_failed_that_is_in_the_log_is_failed_but_present()
    {
        var r = new LedgerScenario()
            .Delivered(Id(1, 0), 0, 0)
            .Invoke(Id(1, 1)).Complete(Id(1, 1), SendOutcome.Indeterminate("NOT_ENOUGH_REPLICAS_AFTER_APPEND: isr shrank")).Stored(0, 1, Id(1, 1))
            .Invoke(Id(1, 2)).Complete(Id(1, 2), SendOutcome.Fail("NOT_ENOUGH_REPLICAS", "isr too small"))
            .Invoke(Id(1, 3)).Stored(0, 2, Id(1, 3))     // no completion: the client was told nothing
            .Check();

        var f = r.Find(FindingKind.FailedButPresent)!;
        Assert.That(f.Count, Is.EqualTo(1));
        Assert.That(f.IsAnomaly, Is.False);
        Assert.That(f.Examples.Single().Detail,
            Is.EqualTo("1:1: the client was told Indeterminate(NOT_ENOUGH_REPLICAS_AFTER_APPEND: isr shrank); yet stored at p0@1"));
        Assert.That(r.Counts.UnackedPresent, Is.EqualTo(2), "failed but present is a subset of unacked present");
    }

    [Test]
    public void An_earlier_send_stored_after_a_later_send_of_another_producer_is_reported_with_both()
    {
        // Invocation order 1:0, 2:0, 1:1, 2:1 (one second apart); 1:0 was retried and landed last.
        var s = new LedgerScenario()
            .Invoke(Id(1, 0)).Invoke(Id(2, 0)).Invoke(Id(1, 1)).Invoke(Id(2, 1))
            .Stored(0, 0, Id(2, 0)).Stored(0, 1, Id(1, 1)).Stored(0, 2, Id(2, 1)).Stored(0, 3, Id(1, 0));
        var r = s.Check();

        var f = r.Find(FindingKind.CrossProducerReordered)!;
        Assert.That(f.IsAnomaly, Is.False);
        // 1:1 lands after 2:0, invoked before it, and 2:1 after 1:1: both in order. Only 1:0 lands behind later sends.
        Assert.That(f.Count, Is.EqualTo(1));
        var last = f.Examples.Single();
        Assert.That(last.Id, Is.EqualTo(Id(1, 0)));
        Assert.That(last.Detail, Does.StartWith("1:0 invoked at 12:00:01.000 stored at p0@3, after 2:1 of another producer invoked 3000 ms later"));
        Assert.That(last.Offsets, Is.EqualTo(new[] { 2L, 3L }));
        Assert.That(f.Summary, Is.EqualTo("largest lag: 1:0 landed behind a send of another producer invoked 3000 ms after it"));
        Assert.That(r.Counts.Reordered, Is.EqualTo(1), "1:0 after 1:1 is also out of order for its own producer");
    }

    [Test]
    public void One_producer_or_invocation_order_kept_reports_nothing_across_producers()
    {
        var single = new LedgerScenario().Invoke(Id(1, 0)).Invoke(Id(1, 1)).Stored(0, 0, Id(1, 1)).Stored(0, 1, Id(1, 0)).Check();
        Assert.That(single.Find(FindingKind.CrossProducerReordered), Is.Null);
        var kept = new LedgerScenario().Invoke(Id(1, 0)).Invoke(Id(2, 0)).Stored(0, 0, Id(1, 0)).Stored(0, 1, Id(2, 0)).Check();
        Assert.That(kept.Find(FindingKind.CrossProducerReordered), Is.Null);
    }

    private static Gen<(int Seed, int Producers, int PerProducer, int Partitions)> Shapes() =>
        from seed in Gen.Choose(0, int.MaxValue)
        from producers in Gen.Choose(1, 4)
        from perProducer in Gen.Choose(0, 40)
        from partitions in Gen.Choose(1, 3)
        select (seed, producers, perProducer, partitions);

    [Test]
    public void Counts_match_a_quadratic_oracle_on_random_histories() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Shapes().ToArbitrary(), shape =>
        {
            var (seed, producers, perProducer, partitions) = shape;
            var random = new Random(seed);
            long t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
            var history = new HistoryBuilder();
            var log = new FinalReadBuilder(Topic);
            var invoked = new Dictionary<MessageId, long>();
            var toldFailed = new HashSet<MessageId>();
            var ids = Enumerable.Range(0, producers).SelectMany(p => Enumerable.Range(0, perProducer).Select(s => new MessageId(p, s))).ToList();
            foreach (var id in ids.OrderBy(_ => random.Next()))
            {
                invoked[id] = t0 + random.Next(0, 1000) * TimeSpan.TicksPerMillisecond;
                history.Add(new SendInvoked(invoked[id], id, false));
                var outcome = random.Next(4) switch
                {
                    0 => SendOutcome.Fail("NOT_ENOUGH_REPLICAS", "g"),
                    1 => SendOutcome.Indeterminate("NOT_ENOUGH_REPLICAS_AFTER_APPEND: g"),
                    _ => SendOutcome.Ok(0, 0),
                };
                if (outcome.Kind != SendOutcomeKind.Ok) toldFailed.Add(id);
                history.Add(new SendCompleted(invoked[id] + 1, id, outcome));
            }
            var stored = Enumerable.Range(0, partitions).Select(_ => new List<MessageId>()).ToArray();
            foreach (var id in ids.Where(_ => random.Next(5) > 0).OrderBy(_ => random.Next()))
            {
                var partition = random.Next(partitions);
                stored[partition].Add(id);
                if (random.Next(10) == 0) stored[partition].Add(id);   // a duplicate: only its first copy counts
            }
            for (int p = 0; p < partitions; p++)
                for (int o = 0; o < stored[p].Count; o++) log.Add(p, o, stored[p][o]);

            long expectedCross = 0;
            foreach (var records in stored)
            {
                var firsts = records.Distinct().ToList();
                for (int i = 0; i < firsts.Count; i++)
                    if (firsts.Take(i).Any(e => e.ProducerId != firsts[i].ProducerId && invoked[e] > invoked[firsts[i]])) expectedCross++;
            }
            long expectedFailedPresent = toldFailed.Count(id => stored.Any(s => s.Contains(id)));

            var result = HistoryChecker.Check(history.Build(), log.Build());
            long cross = result.Find(FindingKind.CrossProducerReordered)?.Count ?? 0;
            long failedPresent = result.Find(FindingKind.FailedButPresent)?.Count ?? 0;
            if (cross != expectedCross || failedPresent != expectedFailedPresent)
                TestContext.Out.WriteLine($"{shape}: cross {cross} (expected {expectedCross}), failed but present {failedPresent} (expected {expectedFailedPresent})");
            return cross == expectedCross && failedPresent == expectedFailedPresent;
        }));
}
