using Confluent.Kafka;
using KafkaChaos.Fixtures;
using NUnit.Framework;

namespace KafkaChaos.Sample;

/// <summary>Claim B2 with your own producer: acks=1 loses acknowledged messages when the leader dies before its followers copy them.</summary>
[Category("Integration")]
public sealed class AcksOneTests
{
    [Test]
    public async Task Acks_1_loses_acknowledged_messages_when_the_leader_dies_before_followers_copy_them()
    {
        // Followers stay in the ISR while stalled (30 s lag allowed), so the new leader is elected cleanly without the writes.
        await using var cluster = await ChaosCluster.StartAsync(new() { Brokers = 3, BrokerSettings = new Dictionary<string, string> { ["replica.lag.time.max.ms"] = "30000" } });
        await cluster.CreateTopicAsync("orders", settings: new Dictionary<string, string> { ["unclean.leader.election.enable"] = "false" });
        var ledger = new ChaosLedger(cluster, "orders");
        using var producer = ledger.Track(new ProducerBuilder<string, string>(cluster.ProducerConfig(new() { Acks = Acks.Leader })).Build());

        var leader = await cluster.LeaderOfAsync("orders");
        await using (var stall = await cluster.Faults.StallFollowersAsync("orders"))
        {
            for (var i = 0; i < 100; i++)
                await producer.ProduceAsync("orders", new Message<string, string> { Key = $"k{i}", Value = $"order-{i}" });
            await using var kill = await cluster.Faults.KillLeaderAsync("orders");
            await stall.HealAsync();
            await cluster.WaitForNewLeaderAsync("orders", 0, leader);
        } // the old leader restarts and truncates what only it had

        var report = await ledger.CheckAsync();
        TestContext.Out.WriteLine(report);
        Assert.That(report.Counts.Acked, Is.EqualTo(100));
        Assert.That(report.Counts.AckedLost, Is.GreaterThan(0), "acks=1 acknowledged writes only the dead leader had");
        Assert.That(report.AssertNoAckedLoss, Throws.TypeOf<ChaosAssertionException>().With.Message.Contains("AckedLost"));
    }
}
