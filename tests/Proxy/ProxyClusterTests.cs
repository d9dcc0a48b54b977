using System.Text;
using Confluent.Kafka;
using KafkaChaos.Cluster;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy;

/// <summary>
/// The fault proxy on a real cluster: every broker advertises its proxy, so client traffic and replication
/// cross it, and Kafka-aware toxics hit exact protocol moments.
/// </summary>
[TestFixture, Category("Integration"), NonParallelizable]
public sealed class ProxyClusterTests
{
    private const short ProduceApiKey = 0;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private KafkaCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartClusterAsync() => _cluster = await KafkaCluster.StartAsync(new ClusterOptions
    {
        // A follower whose fetches are held stays in the ISR this long: the window in which a leader kill
        // elects a follower that never copied the acknowledged writes.
        Tuning = FailoverTuning.Fast with { ReplicaLagTimeMaxMs = 30_000 },
    }, TestLog.Progress);

    [OneTimeTearDown]
    public async Task StopClusterAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    [TearDown]
    public async Task HealAsync()
    {
        await _cluster.Faults.ResetAsync();
        foreach (var broker in _cluster.Brokers.Where(b => b.State != BrokerState.Running))
            await _cluster.StartBrokerAsync(broker.Id);
    }

    [Test]
    public async Task Brokers_advertise_their_proxy_so_clients_and_replication_cross_it()
    {
        var topic = await CreateTopicAsync("advertised", minIsr: 1);
        var state = await _cluster.GetPartitionAsync(topic, 0);
        var leader = _cluster.Broker(state.Leader);
        Assert.That(leader.Address.AdvertisedPort, Is.Not.EqualTo(leader.Address.ListenPort), "advertised address is the proxy's");

        // Blackhole the leader's proxy both ways: clients cannot reach it, and its followers' fetches (which
        // go to the advertised address too) stop, so they drop out of its ISR.
        await _cluster.Faults.AddToxicAsync(KafkaCluster.BrokerProxyName(leader.Id), ToxicSpec.Blackhole(ToxicSpec.Upstream) with { Name = "in" });
        await _cluster.Faults.AddToxicAsync(KafkaCluster.BrokerProxyName(leader.Id), ToxicSpec.Blackhole(ToxicSpec.Downstream) with { Name = "out" });

        using (var producer = BuildProducer("1", messageTimeoutMs: 3000))
        {
            var error = await Assert.CatchAsync<ProduceException<Null, string>>(async () =>
                await producer.ProduceAsync(topic, new Message<Null, string> { Value = "unreachable" }));
            Assert.That(error!.DeliveryResult.Status, Is.Not.EqualTo(PersistenceStatus.Persisted));
        }

        var shrunk = await _cluster.WaitForPartitionAsync(topic, 0, s => s.Isr.SequenceEqual([leader.Id]),
            $"the followers of broker {leader.Id} out of its ISR", TimeSpan.FromSeconds(90));
        Assert.That(shrunk.Leader, Is.EqualTo(leader.Id));
    }

    [Test]
    public async Task Drop_response_to_produce_with_retries_and_no_idempotence_writes_one_id_at_two_offsets()
    {
        var topic = await CreateTopicAsync("drop-response", minIsr: 2);
        var leader = (await _cluster.GetPartitionAsync(topic, 0)).Leader;
        using var producer = BuildProducer("all", messageTimeoutMs: 30_000, retries: 5);
        for (var i = 0; i < 10; i++)
            await producer.ProduceAsync(topic, new Message<Null, string> { Value = $"id-{i}" });

        await _cluster.Faults.AddToxicAsync(KafkaCluster.BrokerProxyName(leader), ToxicSpec.DropResponse([ProduceApiKey], count: 1));
        var retried = await producer.ProduceAsync(topic, new Message<Null, string> { Value = "id-10" });
        Assert.That(retried.Status, Is.EqualTo(PersistenceStatus.Persisted), "the retry is acknowledged");

        var log = await ReadPartitionAsync(topic, 0);
        var offsets = log.Where(r => r.Value == "id-10").Select(r => r.Offset).ToList();
        Assert.That(offsets, Has.Count.EqualTo(2), $"id-10 should be stored twice (log: {string.Join(", ", log.Select(r => $"{r.Offset}:{r.Value}"))})");
        Assert.That(log.Count(r => r.Value != "id-10"), Is.EqualTo(10), "every other id once");
    }

    [Test]
    public async Task Stalled_followers_then_leader_kill_with_acks_1_lose_exactly_the_acknowledged_writes()
    {
        var topic = await CreateTopicAsync("acks1-loss", minIsr: 1);
        var before = await _cluster.GetPartitionAsync(topic, 0);
        using var producer = BuildProducer("1", messageTimeoutMs: 10_000);
        for (var i = 0; i < 10; i++)
            await producer.ProduceAsync(topic, new Message<Null, string> { Value = $"replicated-{i}" });
        await _cluster.WaitForPartitionAsync(topic, 0, s => s.Isr.Count == 3, "full ISR before the stall", Deadline);
        await WaitForReplicatedAsync(topic, 10);

        await _cluster.Faults.AddToxicAsync(KafkaCluster.BrokerProxyName(before.Leader), ToxicSpec.StallReplicaFetch(before.Followers));
        var acked = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var result = await producer.ProduceAsync(topic, new Message<Null, string> { Value = $"acked-{i}" });
            Assert.That(result.Status, Is.EqualTo(PersistenceStatus.Persisted));
            acked.Add(result.Message.Value);
        }

        await _cluster.KillBrokerAsync(before.Leader);
        await _cluster.WaitForLeaderChangeAsync(topic, 0, before.Leader, Deadline);
        await _cluster.Faults.ResetAsync();
        await _cluster.StartBrokerAsync(before.Leader);
        await _cluster.WaitForPartitionAsync(topic, 0, s => s.Isr.Contains(before.Leader), "old leader back in the ISR", Deadline);

        var present = (await ReadPartitionAsync(topic, 0)).Select(r => r.Value).ToHashSet();
        var lost = acked.Where(id => !present.Contains(id)).ToList();
        Assert.That(lost, Is.EqualTo(acked), $"exactly the 100 acknowledged writes are lost; missing: {string.Join(", ", lost.Take(10))}...");
        Assert.That(Enumerable.Range(0, 10).Select(i => $"replicated-{i}"), Is.SubsetOf(present), "the replicated writes survive");
    }

    [Test]
    public async Task Stalled_followers_with_acks_all_and_min_isr_2_acknowledge_nothing_and_lose_nothing_acknowledged()
    {
        var topic = await CreateTopicAsync("acksall-safe", minIsr: 2);
        var before = await _cluster.GetPartitionAsync(topic, 0);
        using var producer = BuildProducer("all", messageTimeoutMs: 3000, retries: 0);
        var acked = new List<string>();
        for (var i = 0; i < 10; i++)
            acked.Add((await producer.ProduceAsync(topic, new Message<Null, string> { Value = $"before-{i}" })).Message.Value);

        await _cluster.Faults.AddToxicAsync(KafkaCluster.BrokerProxyName(before.Leader), ToxicSpec.StallReplicaFetch(before.Followers));
        var errors = new List<ErrorCode>();
        for (var i = 0; i < 5; i++)
        {
            try
            {
                acked.Add((await producer.ProduceAsync(topic, new Message<Null, string> { Value = $"during-{i}" })).Message.Value);
            }
            catch (ProduceException<Null, string> ex)
            {
                errors.Add(ex.Error.Code);
            }
        }
        Assert.That(errors, Has.Count.EqualTo(5), "no write is acknowledged while the followers cannot copy it");
        Assert.That(errors, Is.All.AnyOf(ErrorCode.Local_MsgTimedOut, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas, ErrorCode.NotEnoughReplicasAfterAppend));

        await _cluster.KillBrokerAsync(before.Leader);
        await _cluster.WaitForLeaderChangeAsync(topic, 0, before.Leader, Deadline);
        var present = (await ReadPartitionAsync(topic, 0)).Select(r => r.Value).ToHashSet();
        Assert.That(acked.Where(id => !present.Contains(id)), Is.Empty, "acknowledged but lost");
    }

    private async Task<string> CreateTopicAsync(string prefix, int minIsr)
    {
        var topic = $"{prefix}-{Guid.NewGuid():N}"[..30];
        await _cluster.CreateTopicAsync(new TopicSpec(topic)
        {
            Configs = new Dictionary<string, string> { ["min.insync.replicas"] = minIsr.ToString(), ["unclean.leader.election.enable"] = "false" },
        });
        return topic;
    }

    /// <summary>The followers have fetched the first <paramref name="count"/> records: the leader's high watermark says so.</summary>
    private async Task WaitForReplicatedAsync(string topic, long count)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(_cluster.Clients.Consumer("observer")).Build();
        var deadline = DateTime.UtcNow + Deadline;
        while (consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(5)).High < count)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "high watermark never reached the replicated writes");
            await Task.Delay(50);
        }
    }

    private IProducer<Null, string> BuildProducer(string acks, int messageTimeoutMs, int retries = 3) =>
        new ProducerBuilder<Null, string>(_cluster.Clients.Producer(new Dictionary<string, string>
        {
            ["acks"] = acks,
            ["message.timeout.ms"] = messageTimeoutMs.ToString(),
            ["request.timeout.ms"] = Math.Min(messageTimeoutMs, 5000).ToString(),
            ["message.send.max.retries"] = retries.ToString(),
            ["retry.backoff.ms"] = "100",
            ["linger.ms"] = "0",
        })).SetLogHandler((_, _) => { }).Build();

    private async Task<List<(long Offset, string Value)>> ReadPartitionAsync(string topic, int partition)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(_cluster.Clients.Consumer($"reader-{Guid.NewGuid():N}",
            new Dictionary<string, string> { ["enable.auto.commit"] = "false" })).SetLogHandler((_, _) => { }).Build();
        var tp = new TopicPartition(topic, partition);
        var records = new List<(long, string)>();
        var deadline = DateTime.UtcNow + Deadline;
        var high = -1L;
        while (high < 0)
        {
            try
            {
                high = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High;
            }
            catch (KafkaException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
        consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
        var next = 0L;
        while (next < high)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"read {next} of {high} records of {tp}");
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result?.Message is null) continue;
            records.Add((result.Offset.Value, Encoding.UTF8.GetString(result.Message.Value)));
            next = result.Offset.Value + 1;
        }
        return records;
    }
}
