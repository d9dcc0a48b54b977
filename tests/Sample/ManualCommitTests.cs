using Confluent.Kafka;
using KafkaChaos.Fixtures;
using NUnit.Framework;

namespace KafkaChaos.Sample;

/// <summary>Claim C3 with your own consume loop: commit after processing never loses, but a crash before the commit duplicates.</summary>
[Category("Integration")]
public sealed class ManualCommitTests
{
    [Test]
    public async Task A_consumer_crash_between_processing_and_commit_processes_messages_twice()
    {
        await using var cluster = await ChaosCluster.StartAsync(new() { Brokers = 3 });
        await cluster.CreateTopicAsync("payments");
        var ledger = new ChaosLedger(cluster, "payments");
        using (var producer = ledger.Track(new ProducerBuilder<Null, string>(cluster.ProducerConfig(new() { Acks = Acks.All })).Build()))
        {
            for (var i = 0; i < 200; i++) producer.Produce("payments", new Message<Null, string> { Value = $"payment-{i}" });
            producer.Flush();
        }
        var config = cluster.ConsumerConfig(new() { GroupId = "billing", EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest, SessionTimeoutMs = 6000 });

        var first = new ConsumerBuilder<Null, string>(config).Build();
        first.Subscribe("payments");
        for (var processed = 1; processed <= 150; processed++)
        {
            var result = first.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("no message");
            ledger.Processed(result);                      // the side effect
            if (processed % 100 == 0) first.Commit(result); // commit after every 100
        }
        cluster.Faults.CrashConsumer(first); // 50 processed past the last commit, never committed

        using var second = new ConsumerBuilder<Null, string>(config).Build();
        second.Subscribe("payments");
        for (var last = -1L; last < 199;)
        {
            var result = second.Consume(TimeSpan.FromSeconds(60)) ?? throw new TimeoutException("no redelivery");
            ledger.Processed(result, consumerId: 1);
            last = result.Offset.Value;
        }
        second.Close();

        var report = await ledger.CheckAsync();
        TestContext.Out.WriteLine(report);
        Assert.That(report.Counts.DuplicateProcessing, Is.EqualTo(50), "the 50 processed after the last commit");
        Assert.That(report.Counts.Unprocessed + report.Counts.AckedLost, Is.Zero);
        Assert.That(report.AssertNoDuplicates, Throws.TypeOf<ChaosAssertionException>().With.Message.Contains("DuplicateProcessing"));
    }
}
