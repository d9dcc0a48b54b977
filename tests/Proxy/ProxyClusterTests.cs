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
internal sealed class ProxyClusterTests
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

        await StallFollowersAsync(before);
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

        await StallFollowersAsync(before);
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

    [Test]
    public async Task Latency_toxic_on_the_leaders_proxy_delays_every_acknowledgement_by_at_least_its_latency()
    {
        const int latencyMs = 150;
        var topic = await CreateTopicAsync("latency", minIsr: 1);
        var leader = (await _cluster.GetPartitionAsync(topic, 0)).Leader;
        using var producer = BuildProducer("1", messageTimeoutMs: 10_000);
        await producer.ProduceAsync(topic, new Message<Null, string> { Value = "warm-up" });

        await _cluster.Faults.AddToxicAsync(KafkaCluster.BrokerProxyName(leader), ToxicSpec.Latency(latencyMs));
        var rounds = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            await producer.ProduceAsync(topic, new Message<Null, string> { Value = $"slow-{i}" });
            rounds.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        TestContext.Out.WriteLine($"acks=1 round trips with {latencyMs} ms downstream latency: {string.Join(", ", rounds.Select(r => r.ToString("0")))} ms");
        Assert.That(rounds, Is.All.GreaterThanOrEqualTo(latencyMs), "the toxic delays every response by at least its latency");
    }

    /// <summary>
    /// Holds the followers' fetches at the leader's proxy and waits until each follower has one fetch held: a
    /// fetch already inside the broker when the toxic arrived would otherwise still copy the next write.
    /// </summary>
    private async Task StallFollowersAsync(PartitionState state)
    {
        var proxy = KafkaCluster.BrokerProxyName(state.Leader);
        var toxic = await _cluster.Faults.AddToxicAsync(proxy, ToxicSpec.StallReplicaFetch(state.Followers));
        var deadline = DateTime.UtcNow + Deadline;
        while ((await _cluster.Faults.GetToxicAsync(proxy, toxic.Name)).Uses < state.Followers.Count)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "followers' fetches were never held");
            await Task.Delay(20);
        }
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
