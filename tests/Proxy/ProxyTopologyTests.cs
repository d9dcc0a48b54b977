using Confluent.Kafka;
using KafkaChaos.Cluster;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy;

/// <summary>
/// Brokers advertise their proxy: a client never reaches a broker around it, and neither does a follower
/// replicating from it (the "advertised listeners route around Toxiproxy" trap).
/// </summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class ProxyTopologyTests
{
    [Test]
    public async Task A_blackholed_broker_proxy_cuts_clients_and_the_followers_replicating_from_it()
    {
        await using var cluster = await KafkaCluster.StartAsync(new ClusterOptions(), TestLog.Progress);
        var topic = "advertised";
        await cluster.CreateTopicAsync(new TopicSpec(topic) { Configs = new Dictionary<string, string> { ["min.insync.replicas"] = "1" } });
        var state = await cluster.GetPartitionAsync(topic, 0);
        var leader = cluster.Broker(state.Leader);
        Assert.That(leader.Address.AdvertisedPort, Is.Not.EqualTo(leader.Address.ListenPort), "the advertised address is the proxy's");

        var proxy = KafkaCluster.BrokerProxyName(leader.Id);
        await cluster.Faults.AddToxicAsync(proxy, ToxicSpec.Blackhole(ToxicSpec.Upstream) with { Name = "in" });
        await cluster.Faults.AddToxicAsync(proxy, ToxicSpec.Blackhole(ToxicSpec.Downstream) with { Name = "out" });

        using (var producer = new ProducerBuilder<Null, string>(cluster.Clients.Producer(new Dictionary<string, string>
               {
                   ["acks"] = "1", ["message.timeout.ms"] = "3000",
               })).SetLogHandler((_, _) => { }).Build())
        {
            var error = await Assert.CatchAsync<ProduceException<Null, string>>(async () =>
                await producer.ProduceAsync(topic, new Message<Null, string> { Value = "unreachable" }));
            Assert.That(error!.DeliveryResult.Status, Is.Not.EqualTo(PersistenceStatus.Persisted), "a client cannot reach the blackholed broker");
        }

        var shrunk = await cluster.WaitForPartitionAsync(topic, 0, s => s.Isr.SequenceEqual([leader.Id]),
            $"the followers of broker {leader.Id} out of its ISR (their fetches cross its proxy)", TimeSpan.FromSeconds(60));
        Assert.That(shrunk.Leader, Is.EqualTo(leader.Id));
    }
}
