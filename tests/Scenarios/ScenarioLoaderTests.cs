using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

internal sealed class ScenarioLoaderTests
{
    private const string Full = """
        claim: B2
        title: acks=1 loses acknowledged messages when the leader dies before followers copy them
        categories: [claims, broker]
        seed: 42
        cluster:
          brokers: 3
          replicationFactor: 3
          minInsyncReplicas: 1
          uncleanLeaderElection: false
          brokerOverrides: { replica.lag.time.max.ms: "4000" }
        topic: { partitions: 1 }
        producers:
          - count: 1
            sendMode: awaitEach
            acks: "1"
            retries: 3
            messages: 300
            properties: { queue.buffering.max.messages: "100000" }
        consumers:
          - group: g1
            commit: manualSync
        faults:
          - name: stall-followers
            fault: stallReplicaFetch
            target: { role: followers }
            at: { atStart: true }
            heal: { afterInjected: kill-leader }
          - name: kill-leader
            fault: leaderKill
            at: { afterAcks: 100 }
            heal: { afterFault: stall-followers }
        phases: { faultWindowMs: 8000, drainMs: 3000 }
        expect:
          - kafka: ">=0.9"
            counts: { ackedLost: "== 100", silentlyLost: 0 }
            errors: { NOT_ENOUGH_REPLICAS: "== 0" }
        notApplicable:
          - requires: pageCacheLoss
            reason: needs a page-cache-loss fault
        compare: { scenario: b3-acks-all-minisr2, throughput: "< 0.5" }
        """;

    [Test]
    public void Reads_every_section()
    {
        var s = ScenarioLoader.Parse(Full, "scenarios/b2-acks1-leader-kill.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(s.Name, Is.EqualTo("b2-acks1-leader-kill"));
            Assert.That(s.TopicName, Is.EqualTo("chaos-b2-acks1-leader-kill"));
            Assert.That(s.Claim, Is.EqualTo("B2"));
            Assert.That(s.Categories, Is.EqualTo(new[] { "claims", "broker" }));
            Assert.That(s.Seed, Is.EqualTo(42));
            Assert.That(s.Cluster.BrokerOverrides["replica.lag.time.max.ms"], Is.EqualTo("4000"));
            Assert.That(s.Producers[0].Acks, Is.EqualTo(AcksMode.Leader));
            Assert.That(s.Producers[0].Messages, Is.EqualTo(300));
            Assert.That(s.Producers[0].RetryBackoffMs, Is.EqualTo(100), "defaults fill what the file leaves out");
            Assert.That(s.Consumers[0].Process, Is.EqualTo(WorkerProcess.Child));
            Assert.That(s.Faults[0].Target.Kind, Is.EqualTo(TargetKind.Followers));
            Assert.That(s.Faults[0].Heal, Is.EqualTo(new Trigger(TriggerKind.AfterInjected, FaultName: "kill-leader")));
            Assert.That(s.Faults[1].At, Is.EqualTo(new Trigger(TriggerKind.AfterAcks, 100)));
            Assert.That(s.Faults[1].Heal, Is.EqualTo(new Trigger(TriggerKind.AfterFault, FaultName: "stall-followers")));
            Assert.That(s.Phases.FaultWindowMs, Is.EqualTo(8000));
            Assert.That(s.Phases.HealTimeoutMs, Is.EqualTo(new PhaseDurations().HealTimeoutMs));
            Assert.That(s.Expect[0].Counts.Select(c => $"{c.Key} {c.Value}"), Is.EqualTo(new[] { "ackedLost == 100", "silentlyLost == 0" }));
            Assert.That(s.NotApplicable[0].Requires, Is.EqualTo("pageCacheLoss"));
            Assert.That(s.Compare, Is.EqualTo(new CompareSpec("b3-acks-all-minisr2", CompareMetric.Throughput, new RatioCondition(ComparisonOperator.LessThan, 0.5))));
            Assert.That(s.RequiredCapabilities, Is.EquivalentTo(new[] { "stallReplicaFetch", "leaderKill", "pageCacheLoss" }));
        });
    }

    [Test]
    public void Default_seed_is_a_stable_hash_of_the_name()
    {
        var s = ScenarioLoader.Parse(Full.Replace("seed: 42\n", ""), "x/b2.yaml");
        Assert.That(s.Seed, Is.EqualTo(ScenarioLoader.DefaultSeed("b2")));
        Assert.That(ScenarioLoader.DefaultSeed("b2"), Is.Not.EqualTo(ScenarioLoader.DefaultSeed("b3")));
        Assert.That(ScenarioLoader.DefaultSeed("b2"), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void Unknown_key_is_located_and_the_nearest_key_suggested()
    {
        var e = Fails(Full.Replace("    retries: 3", "    retires: 3"));
        Assert.That(e.Errors, Has.Count.EqualTo(1));
        var error = e.Errors[0];
        Assert.That((error.File, error.Line, error.Column, error.KeyPath), Is.EqualTo(("t.yaml", 16L, 5L, "producers[0].retires")));
        Assert.That(error.Message, Does.Contain("did you mean 'retries'?"));
        Assert.That(error.ToString(), Does.StartWith("t.yaml:16:5: producers[0].retires: unknown key"));
    }

    [Test]
    public void Unknown_enum_value_lists_the_choices()
    {
        var e = Fails(Full.Replace("sendMode: awaitEach", "sendMode: awaitEch"));
        Assert.That(e.Errors[0].KeyPath, Is.EqualTo("producers[0].sendMode"));
        Assert.That(e.Errors[0].Message, Does.Contain("fireAndForget | awaitEach | callback | callbackRetry | deadLetter"));
        Assert.That(e.Errors[0].Message, Does.Contain("did you mean 'awaitEach'?"));
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        var e = Fails(Full
            .Replace("acks: \"1\"", "acks: \"2\"")
            .Replace("count: 1\n", "count: -1\n")
            .Replace("\"== 100\"", "\"=> 100\"")
            .Replace("fault: leaderKill", "fault: leaderKil"));
        Assert.That(e.Errors.Select(x => x.KeyPath), Is.EquivalentTo(new[]
        {
            "producers[0].count", "producers[0].acks", "faults[1].fault", "expect[0].counts.ackedLost",
        }));
        Assert.That(e.Errors.Single(x => x.KeyPath == "producers[0].count").Message, Does.Contain("expected an integer from 1 to 64, found -1"));
        Assert.That(e.Errors.Single(x => x.KeyPath == "expect[0].counts.ackedLost").Message, Does.Contain("expected an operator"));
    }

    [Test]
    public void Unknown_count_name_is_rejected() =>
        Assert.That(Fails(Full.Replace("silentlyLost: 0", "silentLost: 0")).Errors[0].Message, Does.Contain("did you mean 'silentlyLost'?"));

    [Test]
    public void After_fault_must_name_a_fault()
    {
        var e = Fails(Full.Replace("afterFault: stall-followers", "afterFault: stall-follower"));
        Assert.That(e.Errors[0].KeyPath, Is.EqualTo("faults[1].heal.afterFault"));
        Assert.That(e.Errors[0].Message, Does.Contain("no fault named 'stall-follower'").And.Contain("did you mean 'stall-followers'?"));
        Assert.That(e.Errors[0].Line, Is.EqualTo(31));
    }

    [Test]
    public void Replication_factor_cannot_exceed_brokers() =>
        Assert.That(Fails(Full.Replace("replicationFactor: 3", "replicationFactor: 4")).Errors[0].Message, Does.Contain("exceeds the 3 brokers"));

    [Test]
    public void Min_isr_above_replication_factor_is_legal_kafka_config() =>
        Assert.That(ScenarioLoader.Parse(Full.Replace("minInsyncReplicas: 1", "minInsyncReplicas: 3").Replace("replicationFactor: 3", "replicationFactor: 2"), "t.yaml").Cluster.MinInsyncReplicas, Is.EqualTo(3));

    [Test]
    public void A_trigger_takes_exactly_one_moment() =>
        Assert.That(Fails(Full.Replace("at: { afterAcks: 100 }", "at: { afterAcks: 100, afterMs: 5 }")).Errors[0].Message, Does.Contain("expected exactly one of"));

    [Test]
    public void Fault_triggers_cannot_form_a_cycle() =>
        Assert.That(Fails(Full.Replace("at: { afterAcks: 100 }", "at: { afterInjected: stall-followers }").Replace("    at: { atStart: true }", "    at: { afterInjected: kill-leader }")).Errors[0].Message, Does.Contain("cycle"));

    [Test]
    public void Targets_must_exist()
    {
        Assert.That(Fails(Full.Replace("target: { role: followers }", "target: { broker: 4 }")).Errors[0].Message, Does.Contain("brokers are numbered 1..3"));
        Assert.That(Fails(Full.Replace("target: { role: followers }", "target: { role: follower }")).Errors[0].Message, Does.Contain("did you mean 'followers'?"));
        Assert.That(Fails(Full.Replace("fault: leaderKill", "fault: consumerCrash\n    target: { consumer: 1 }")).Errors[0].Message, Does.Contain("consumer 1 does not exist"));
    }

    [Test]
    public void Crash_faults_need_child_processes() =>
        Assert.That(Fails(Full.Replace("commit: manualSync", "commit: manualSync\n    process: inProcess").Replace("fault: leaderKill", "fault: consumerCrash")).Errors[0].Message,
            Does.Contain("needs process: child"));

    [Test]
    public void Idempotence_requires_acks_all() =>
        Assert.That(Fails(Full.Replace("retries: 3", "retries: 3\n    idempotence: true")).Errors[0].KeyPath, Is.EqualTo("producers[0].acks"));

    [Test]
    public void Required_keys_are_named() =>
        Assert.That(Fails("title: x\nproducers: [{}]\nexpect: [{ counts: { ackedLost: 0 } }]").Errors.Select(e => e.Message), Has.Some.Contains("missing required key 'claim'"));

    [Test]
    public void Syntax_errors_are_located()
    {
        var e = Fails("claim: B2\ntitle: [unclosed\n");
        Assert.That(e.Errors[0].Message, Does.StartWith("not valid YAML"));
        Assert.That(e.Errors[0].Line, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void Empty_documents_are_rejected() =>
        Assert.That(Fails("").Errors[0].Message, Does.Contain("exactly one YAML document"));

    [Test]
    public void Version_ranges_are_checked() =>
        Assert.That(Fails(Full.Replace("kafka: \">=0.9\"", "kafka: \"newer than 0.9\"")).Errors[0].KeyPath, Is.EqualTo("expect[0].kafka"));

    private static ScenarioLoadException Fails(string yaml) =>
        Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Parse(yaml, "t.yaml"))!;
}
