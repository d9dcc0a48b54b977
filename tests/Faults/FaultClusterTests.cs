using Confluent.Kafka;
using KafkaChaos.Cluster;
using KafkaChaos.Faults;
using KafkaChaos.Scenarios;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Faults;

/// <summary>
/// Each fault on a real cluster: inject → observe the effect → heal → observe recovery. One cluster for the fixture;
/// every test uses its own topic (leader: broker 1, the preferred one), and the tear-down heals the fault, clears
/// the proxies, restarts what is broken and waits until the cluster is healthy again.
/// </summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class FaultClusterTests : ClusterFixture
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Without the automatic leader rebalance: a new controller runs its first one 5 s after its election, and a
    /// Kafka before 0.10.2 whose controller's session expires meanwhile (a pause or an isolation of it, right after
    /// the test before moved the controller) deadlocks and never registers again (KAFKA-4360). Heals report that as a
    /// <see cref="BrokerRejoinException"/>; these tests are about the faults, not about that race.
    /// </summary>
    protected override ClusterOptions Options => new() { BrokerOverrides = new Dictionary<string, string> { ["auto.leader.rebalance.enable"] = "false" } };

    /// <summary>Only the fault may make a request fail: a slow answer must not be timed out and retried.</summary>
    private static readonly IReadOnlyDictionary<string, string> NoRequestTimeout = new Dictionary<string, string> { ["request.timeout.ms"] = "30000" };
    private StringWriter _log = null!;
    private IFault? _fault;
    private FaultContext? _context;

    [SetUp]
    public void NewLog()
    {
        _log = new StringWriter();
        _fault = null;
        _context = null;
    }

    [TearDown]
    public async Task HealAsync()
    {
        try
        {
            if (_fault is not null && _context is not null) await _fault.HealAsync(_context, CancellationToken.None);
        }
        finally
        {
            await Cluster.Faults.ResetAsync();
            foreach (var broker in Cluster.Brokers)
            {
                if (broker.State == BrokerState.Paused) await Cluster.ResumeBrokerAsync(broker.Id);
                else if (broker.Pid is null) await Cluster.StartBrokerAsync(broker.Id);
            }
            TestContext.Progress.Write(_log.ToString());
            if (_context is not null) await ClusterHealth.WaitHealthyAsync(_context with { Log = TestContext.Progress }, TimeSpan.FromSeconds(90), CancellationToken.None);
        }
    }

    [Test]
    public async Task LeaderKill_elects_another_leader_and_heal_brings_the_old_one_back_into_the_isr()
    {
        var context = await NewTopicAsync("leader-kill");
        var before = await Cluster.GetPartitionAsync(context.Topic, 0);
        var fault = Create(FaultKind.LeaderKill);

        await fault.InjectAsync(context, CancellationToken.None);
        Assert.That(Cluster.Broker(before.Leader).Pid, Is.Null, "the leader's process is gone");
        Assert.That(fault.Describe(), Is.EqualTo($"leaderKill: killed broker {before.Leader} (leader of p0)"));
        var during = await Cluster.WaitForLeaderChangeAsync(context.Topic, 0, before.Leader, Deadline);
        Assert.That(during.Isr, Does.Not.Contain(before.Leader));

        await fault.HealAsync(context, CancellationToken.None);
        Assert.That(await Cluster.GetRegisteredBrokersAsync(), Does.Contain(before.Leader), "heal returns once the broker is registered");
        await Cluster.WaitForPartitionAsync(context.Topic, 0, s => s.Isr.Contains(before.Leader), "the old leader back in the ISR", Deadline);
        await fault.HealAsync(context, CancellationToken.None);
        Assert.That(_log.ToString(), Does.Contain($"fault inject {fault.Spec.Name} (leaderKill): killed broker {before.Leader}")
            .And.Contain("restarted broker").And.Contain("nothing to restart"));
    }

    [Test]
    public async Task A_broker_that_does_not_register_again_fails_the_rejoin_wait_naming_it()
    {
        var context = await NewTopicAsync("no-rejoin");
        var isolated = (await Cluster.GetPartitionAsync(context.Topic, 0)).Followers.Max();
        var fault = Create(FaultKind.IsolateBroker, new FaultTarget(TargetKind.Broker, Index: isolated));
        var since = DateTime.UtcNow;
        await fault.InjectAsync(context, CancellationToken.None);
        await Cluster.WaitForPartitionAsync(context.Topic, 0, s => !s.Isr.Contains(isolated), $"isolated broker {isolated} out of the ISR", Deadline);
        var until = DateTime.UtcNow + Deadline;
        while ((await Cluster.GetRegisteredBrokersAsync()).Contains(isolated) && DateTime.UtcNow < until) await Task.Delay(100);
        Assert.That(await Cluster.GetRegisteredBrokersAsync(), Does.Not.Contain(isolated), "its ZooKeeper session expired");

        // Its ZooKeeper link is still cut: it cannot register again, as a deadlocked one would not.
        var error = await Assert.ThrowsAsync<BrokerRejoinException>(() => Cluster.WaitForRejoinAsync([isolated], since, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain($"Broker {isolated} did not register again").And.Contain($"--- broker {isolated} "));

        await fault.HealAsync(context, CancellationToken.None);
        Assert.That(_log.ToString(), Does.Contain($"broker {isolated} registered again"), "heal waits for the rejoin and says so");
    }

    [Test]
    public async Task BrokerKill_of_a_follower_unregisters_it_and_heal_restarts_it_into_the_isr()
    {
        var context = await NewTopicAsync("broker-kill");
        var follower = (await Cluster.GetPartitionAsync(context.Topic, 0)).Followers.Max();
        var fault = Create(FaultKind.BrokerKill, new FaultTarget(TargetKind.Broker, Index: follower));

        await fault.InjectAsync(context, CancellationToken.None);
        Assert.That(Cluster.Broker(follower).State, Is.EqualTo(BrokerState.Killed));
        await Cluster.WaitForPartitionAsync(context.Topic, 0, s => !s.Isr.Contains(follower), $"killed broker {follower} to leave the ISR", Deadline);

        await fault.HealAsync(context, CancellationToken.None);
        Assert.That(await Cluster.GetRegisteredBrokersAsync(), Does.Contain(follower));
        await Cluster.WaitForPartitionAsync(context.Topic, 0, s => s.Isr.Contains(follower), $"broker {follower} back in the ISR", Deadline);
    }

    [TestCase(TargetKind.Followers)]
    [TestCase(TargetKind.Leader)]
    public async Task BrokerPause_drops_the_broker_from_the_isr_and_resume_brings_it_back(TargetKind role)
    {
        var context = await NewTopicAsync("pause");
        var before = await Cluster.GetPartitionAsync(context.Topic, 0);
        var paused = role == TargetKind.Leader ? before.Leader : before.Followers.Min();
        var fault = Create(FaultKind.BrokerPause, new FaultTarget(role, Count: 1));

        await fault.InjectAsync(context, CancellationToken.None);
        Assert.That(Cluster.Broker(paused).State, Is.EqualTo(BrokerState.Paused));
        await Cluster.WaitForPartitionAsync(context.Topic, 0, s => s.HasLeader && s.Leader != paused && !s.Isr.Contains(paused),
            $"paused broker {paused} to leave the ISR (its ZooKeeper session expires)", Deadline);

        await fault.HealAsync(context, CancellationToken.None);
        Assert.That(Cluster.Broker(paused).State, Is.EqualTo(BrokerState.Running));
        await Cluster.WaitForPartitionAsync(context.Topic, 0, s => s.Isr.Contains(paused), $"resumed broker {paused} back in the ISR", Deadline);
    }

    [TestCase(TargetKind.Followers)]
    [TestCase(TargetKind.Leader)]
    public async Task IsolateBroker_makes_it_unreachable_drops_it_from_the_isr_and_heal_lets_it_rejoin(TargetKind role)
    {
        var context = await NewTopicAsync("isolate");
        var before = await Cluster.GetPartitionAsync(context.Topic, 0);
        var isolated = role == TargetKind.Leader ? before.Leader : before.Followers.Min();
        var fault = Create(FaultKind.IsolateBroker, new FaultTarget(role, Count: 1));

        await fault.InjectAsync(context, CancellationToken.None);
        var onlyIsolated = new Dictionary<string, string> { ["bootstrap.servers"] = Cluster.Broker(isolated).Address.Advertised };
        using (var producer = ClusterClients.Producer(Cluster, "1", messageTimeoutMs: 3000, retries: 0, onlyIsolated))
        {
            var error = await Assert.ThrowsAsync<ProduceException<Null, string>>(() => producer.ProduceAsync(context.Topic, new Message<Null, string> { Value = "x" }));
            Assert.That(error!.Error.Code, Is.EqualTo(ErrorCode.Local_MsgTimedOut), "a client that only knows the isolated broker reaches nothing");
        }
        var during = await Cluster.WaitForPartitionAsync(context.Topic, 0, s => s.HasLeader && s.Leader != isolated && !s.Isr.Contains(isolated),
            $"isolated broker {isolated} to leave the ISR of a partition led by another broker", Deadline);
        if (role == TargetKind.Followers) Assert.That(during.Leader, Is.EqualTo(before.Leader), "isolating a follower does not move leadership");

        await fault.HealAsync(context, CancellationToken.None);
        Assert.That((await Cluster.Faults.GetProxiesAsync()).Values.SelectMany(p => p.Toxics), Is.Empty, "heal removes every toxic");
        await Cluster.WaitForPartitionAsync(context.Topic, 0, s => s.Isr.Contains(isolated), $"broker {isolated} back in the ISR", TimeSpan.FromSeconds(90));
    }

    [Test]
    public async Task NetworkCutAfterAppend_with_retries_stores_one_id_twice()
    {
        var context = await NewTopicAsync("net-cut");
        using var producer = ClusterClients.Producer(Cluster, "all", messageTimeoutMs: 30_000, retries: 5, NoRequestTimeout);
        await producer.ProduceAsync(context.Topic, new Message<Null, string> { Value = "before" });
        var fault = (IToxicFault)Create(FaultKind.NetworkCutAfterAppend);

        await fault.InjectAsync(context, CancellationToken.None);
        var retried = await producer.ProduceAsync(context.Topic, new Message<Null, string> { Value = "cut" });
        await fault.WaitForUsesAsync(context, 1, Deadline, CancellationToken.None);
        await fault.HealAsync(context, CancellationToken.None);

        Assert.That(retried.Status, Is.EqualTo(PersistenceStatus.Persisted), "the retry is acknowledged");
        var log = await ClusterClients.ReadPartitionAsync(Cluster, context.Topic, 0, Deadline);
        Assert.That(log.Count(r => r.Value == "cut"), Is.EqualTo(2), $"log: {string.Join(", ", log)}");
        Assert.That(await fault.GetUsesAsync(context, CancellationToken.None), Is.Zero, "no toxic after heal");
    }

    [Test]
    public async Task DropProduceRequest_is_never_appended_and_the_retry_is_stored_once()
    {
        var context = await NewTopicAsync("drop-request");
        using var producer = ClusterClients.Producer(Cluster, "all", messageTimeoutMs: 30_000, retries: 5, NoRequestTimeout);
        await producer.ProduceAsync(context.Topic, new Message<Null, string> { Value = "before" });
        var fault = (IToxicFault)Create(FaultKind.DropProduceRequest);

        await fault.InjectAsync(context, CancellationToken.None);
        var retried = await producer.ProduceAsync(context.Topic, new Message<Null, string> { Value = "dropped" });
        Assert.That(await fault.GetUsesAsync(context, CancellationToken.None), Is.EqualTo(1), "the first attempt was dropped");
        await fault.HealAsync(context, CancellationToken.None);

        Assert.That(retried.Status, Is.EqualTo(PersistenceStatus.Persisted));
        var log = await ClusterClients.ReadPartitionAsync(Cluster, context.Topic, 0, Deadline);
        Assert.That(log.Select(r => r.Value), Is.EqualTo(new[] { "before", "dropped" }), $"stored once: the dropped attempt never reached the broker (log: {string.Join(", ", log)})");
    }

    [Test]
    public async Task StallReplicaFetch_holds_the_high_watermark_while_acks_1_writes_are_acknowledged()
    {
        var context = await NewTopicAsync("stall");
        using var producer = ClusterClients.Producer(Cluster, "1", messageTimeoutMs: 10_000, retries: 0);
        for (var i = 0; i < 10; i++) await producer.ProduceAsync(context.Topic, new Message<Null, string> { Value = $"replicated-{i}" });
        await ClusterClients.WaitForHighWatermarkAsync(Cluster, context.Topic, 0, 10, Deadline);
        var fault = Create(FaultKind.StallReplicaFetch);

        await fault.InjectAsync(context, CancellationToken.None);
        for (var i = 0; i < 10; i++)
        {
            var result = await producer.ProduceAsync(context.Topic, new Message<Null, string> { Value = $"stalled-{i}" });
            Assert.That(result.Status, Is.EqualTo(PersistenceStatus.Persisted));
        }
        var high = await ClusterClients.HighWatermarkAsync(Cluster, context.Topic, 0, Deadline);
        var state = await Cluster.GetPartitionAsync(context.Topic, 0);
        // The high watermark is the ISR's lowest log end: it proves the followers copied nothing only while they are in the ISR.
        Assume.That(state.Isr, Has.Count.EqualTo(3), "the followers left the ISR before the high watermark was read (very slow machine)");
        Assert.That(high, Is.EqualTo(10), "the followers copied none of the acknowledged writes");

        await fault.HealAsync(context, CancellationToken.None);
        Assert.That(await ClusterClients.WaitForHighWatermarkAsync(Cluster, context.Topic, 0, 20, Deadline), Is.EqualTo(20), "replication resumes after heal");
    }

    [Test]
    public async Task FollowerOutOfIsr_returns_once_the_isr_has_shrunk_and_heal_lets_the_follower_back()
    {
        var context = await NewTopicAsync("out-of-isr");
        var follower = (await Cluster.GetPartitionAsync(context.Topic, 0)).Followers.Min();
        var fault = Create(FaultKind.FollowerOutOfIsr, new FaultTarget(TargetKind.Followers, Count: 1));

        await fault.InjectAsync(context, CancellationToken.None);
        var during = await Cluster.GetPartitionAsync(context.Topic, 0);
        Assert.That(during.Isr, Does.Not.Contain(follower).And.Count.EqualTo(2), "only the targeted follower left");
        Assert.That(fault.Describe(), Does.Contain($"stalled replica fetches of broker {follower}").And.Contain("ISR now"));

        await fault.HealAsync(context, CancellationToken.None);
        await Cluster.WaitForPartitionAsync(context.Topic, 0, s => s.Isr.Contains(follower), $"broker {follower} back in the ISR", Deadline);
    }

    [Test]
    public async Task A_failed_injection_heals_cleanly()
    {
        var context = await NewTopicAsync("failed-inject");
        var fault = Create(FaultKind.FollowerOutOfIsr, parameters: new Dictionary<string, string> { ["timeoutMs"] = "1" });

        await Assert.ThrowsAsync<TimeoutException>(() => fault.InjectAsync(context, CancellationToken.None));
        await fault.HealAsync(context, CancellationToken.None);
        await fault.HealAsync(context, CancellationToken.None);

        var toxics = (await Cluster.Faults.GetProxiesAsync()).Values.SelectMany(p => p.Toxics).ToList();
        Assert.That(toxics, Is.Empty);
    }

    [Test]
    public async Task BrokersUnreachable_makes_produce_time_out_and_heal_makes_it_succeed()
    {
        var context = await NewTopicAsync("unreachable");
        using var producer = ClusterClients.Producer(Cluster, "1", messageTimeoutMs: 3000, retries: 2);
        await producer.ProduceAsync(context.Topic, new Message<Null, string> { Value = "before" });
        var fault = Create(FaultKind.BrokersUnreachable);

        await fault.InjectAsync(context, CancellationToken.None);
        var error = await Assert.ThrowsAsync<ProduceException<Null, string>>(() => producer.ProduceAsync(context.Topic, new Message<Null, string> { Value = "during" }));
        Assert.That(error!.Error.Code, Is.EqualTo(ErrorCode.Local_MsgTimedOut));

        await fault.HealAsync(context, CancellationToken.None);
        await ProduceUntilAcknowledgedAsync(producer, context.Topic, "after");
    }

    [Test]
    public async Task ConnectionBlip_fails_requests_while_present_and_heal_makes_produce_succeed()
    {
        var context = await NewTopicAsync("blip");
        using var producer = ClusterClients.Producer(Cluster, "1", messageTimeoutMs: 3000, retries: 2);
        await producer.ProduceAsync(context.Topic, new Message<Null, string> { Value = "before" });
        var fault = (IToxicFault)Create(FaultKind.ConnectionBlip);

        await fault.InjectAsync(context, CancellationToken.None);
        var error = await Assert.ThrowsAsync<ProduceException<Null, string>>(() => producer.ProduceAsync(context.Topic, new Message<Null, string> { Value = "during" }));
        Assert.That(error!.Error.Code, Is.AnyOf(ErrorCode.Local_MsgTimedOut, ErrorCode.Local_Transport));
        Assert.That(await fault.GetUsesAsync(context, CancellationToken.None), Is.GreaterThan(0), "connections were reset");

        await fault.HealAsync(context, CancellationToken.None);
        await ProduceUntilAcknowledgedAsync(producer, context.Topic, "after");
    }

    [Test]
    public async Task Faults_compose_on_one_proxy_and_each_heal_removes_only_its_own_toxics()
    {
        var context = await NewTopicAsync("compose");
        var leader = (await Cluster.GetPartitionAsync(context.Topic, 0)).Leader;
        var stall = Create(FaultKind.StallReplicaFetch);
        var cut = Nemesis.Create(new FaultSpec { Name = "cut", Fault = FaultKind.NetworkCutAfterAppend });
        var proxy = KafkaCluster.BrokerProxyName(leader);

        await stall.InjectAsync(context, CancellationToken.None);
        await cut.InjectAsync(context, CancellationToken.None);
        Assert.That((await Cluster.Faults.GetToxicsAsync(proxy)).Select(t => t.Type), Is.EquivalentTo(new[] { "stall_replica_fetch", "stall_replica_fetch", "drop_response" }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => cut.InjectAsync(context, CancellationToken.None), "injecting twice without a heal");

        await cut.HealAsync(context, CancellationToken.None);
        Assert.That((await Cluster.Faults.GetToxicsAsync(proxy)).Select(t => t.Type), Is.EqualTo(new[] { "stall_replica_fetch", "stall_replica_fetch" }));
        await stall.HealAsync(context, CancellationToken.None);
        Assert.That(await Cluster.Faults.GetToxicsAsync(proxy), Is.Empty);
    }

    [Test]
    public async Task Heal_without_injection_is_harmless_for_every_kind()
    {
        var context = _context = new FaultContext(Cluster, "__chaos_ready", _log);
        foreach (var kind in Nemesis.Supported)
        {
            var fault = Nemesis.Create(new FaultSpec { Name = $"idle-{ScenarioKeys.EnumText(kind)}", Fault = kind });
            await fault.HealAsync(context, CancellationToken.None);
            await fault.HealAsync(context, CancellationToken.None);
        }

        Assert.That(Cluster.Brokers.Select(b => b.State), Is.All.EqualTo(BrokerState.Running));
        Assert.That((await Cluster.Faults.GetProxiesAsync()).Values.Select(p => (p.Enabled, p.Toxics.Count)), Is.All.EqualTo((true, 0)));
        Assert.That(_log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2 * Nemesis.Supported.Count), "one line per heal");
    }

    private IFault Create(FaultKind kind, FaultTarget? target = null, IReadOnlyDictionary<string, string>? parameters = null)
    {
        _fault = Nemesis.Create(new FaultSpec
        {
            Name = $"{ScenarioKeys.EnumText(kind)}-test",
            Fault = kind,
            Target = target ?? FaultTarget.Default,
            Params = parameters ?? new Dictionary<string, string>(),
        });
        return _fault;
    }

    private async Task<FaultContext> NewTopicAsync(string prefix)
    {
        var topic = $"{prefix}-{Guid.NewGuid():N}"[..24];
        await Cluster.CreateTopicAsync(new KafkaChaos.Cluster.TopicSpec(topic)
        {
            Configs = new Dictionary<string, string> { ["min.insync.replicas"] = "1", ["unclean.leader.election.enable"] = "false" },
        });
        _context = new FaultContext(Cluster, topic, _log);
        return _context;
    }

    /// <summary>After a heal, clients reconnect at their own pace: a send may still time out before one succeeds.</summary>
    private static async Task ProduceUntilAcknowledgedAsync(IProducer<Null, string> producer, string topic, string value)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            try
            {
                await producer.ProduceAsync(topic, new Message<Null, string> { Value = value });
                return;
            }
            catch (ProduceException<Null, string>) when (DateTime.UtcNow < until)
            {
            }
        }
    }
}
