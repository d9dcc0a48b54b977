using KafkaChaos.Checkers;
using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

internal sealed class ScenarioLoaderFeatureTests
{
    private const string Base = """
        claim: C3
        title: t
        cluster: { brokers: 3, replicationFactor: 3 }
        producers: [{ messages: 100 }]
        consumers: [{ group: g1, count: 2 }]
        expect: [{ counts: { acked: "== sent" } }]
        """;

    private static Scenario Load(string extra) => ScenarioLoader.Parse(Base + "\n" + extra, "f.yaml");

    [Test]
    public void Conditions_can_compare_with_another_count()
    {
        var s = Load("");
        var verdict = s.Evaluate(new CheckCounts { Sent = 100, Acked = 99 }, new Dictionary<string, long>(), KafkaVersion.Parse("0.9.0.1"));
        Assert.That(verdict.Results.Single().ToString(), Is.EqualTo("acked == sent (100) (observed 99) FAILED"));
    }

    [Test]
    public void Finding_conditions_count_the_named_kind()
    {
        var s = ScenarioLoader.Parse(Base.Replace("counts: { acked: \"== sent\" }", "findings: { truncatedAckedOffsets: \"== 3\" }"), "f.yaml");
        var counts = new CheckCounts();
        Assert.That(s.Evaluate(counts, new Dictionary<string, long>(), KafkaVersion.Parse("3.7"), new Dictionary<string, long> { ["truncatedAckedOffsets"] = 3 }).Passed, Is.True);
        Assert.That(s.Evaluate(counts, new Dictionary<string, long>(), KafkaVersion.Parse("3.7")).Passed, Is.False, "a kind with no finding counts 0");
    }

    [Test]
    public void Role_targets_take_a_count_and_isr()
    {
        var s = Load("""
            faults:
              - { name: lag, fault: followerOutOfIsr, target: { role: followers, count: 1 } }
              - { name: kill, fault: brokerKill, target: { role: isr }, at: { afterAcks: 10 } }
            """);
        Assert.That(s.Faults[0].Target, Is.EqualTo(new FaultTarget(TargetKind.Followers, Count: 1)));
        Assert.That(s.Faults[1].Target.Kind, Is.EqualTo(TargetKind.Isr));
    }

    [Test]
    public void Consumer_lag_triggers_need_consumers_and_read_their_threshold()
    {
        var s = Load("faults: [{ fault: consumerCrash, target: { consumer: 1 }, at: { whenProcessingAheadOfCommit: 50 }, heal: { afterMs: 1000 } }]");
        Assert.That(s.Faults[0].At, Is.EqualTo(new Trigger(TriggerKind.WhenProcessingAheadOfCommit, 50)));
        Assert.That(s.Faults[0].Name, Is.EqualTo("consumerCrash"), "a lone fault is named after its kind");
        var e = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Parse(
            Base.Replace("consumers: [{ group: g1, count: 2 }]", "") + "\nfaults: [{ fault: leaderKill, at: { whenCommitAheadOfProcessing: 5 } }]", "f.yaml"))!;
        Assert.That(e.Errors.Single().Message, Does.Contain("no consumers"));
    }

    [Test]
    public void Flag_triggers_may_be_bare_words() =>
        Assert.That(Load("faults: [{ fault: brokerPause, at: atStart, heal: never }]").Faults[0].Heal.Kind, Is.EqualTo(TriggerKind.Never));

    [Test]
    public void Isr_shrink_trigger_must_be_below_the_replication_factor() =>
        Assert.That(Assert.Throws<ScenarioLoadException>(() => Load("faults: [{ fault: leaderKill, at: { whenIsrShrinksTo: 3 } }]"))!.Errors.Single().Message,
            Does.Contain("expected 1..2"));

    [Test]
    public void Fault_kinds_reject_targets_they_cannot_act_on() =>
        Assert.That(Assert.Throws<ScenarioLoadException>(() => Load("faults: [{ fault: leaderKill, target: { consumer: 0 } }]"))!.Errors.Single().Message,
            Does.Contain("leaderKill cannot target consumer 0"));

    [Test]
    public void Oversized_messages_need_a_size() =>
        Assert.That(Assert.Throws<ScenarioLoadException>(() => Load("faults: [{ fault: oversizedMessages }]"))!.Errors.Single().KeyPath, Is.EqualTo("faults[0].params"));

    [Test]
    public void Trigger_counts_beyond_the_workload_would_never_fire() =>
        Assert.That(Assert.Throws<ScenarioLoadException>(() => Load("faults: [{ fault: leaderKill, at: { afterAcks: 101 } }]"))!.Errors.Single().Message,
            Does.Contain("would never fire"));

    [Test]
    public void Duplicate_fault_names_are_rejected() =>
        Assert.That(Assert.Throws<ScenarioLoadException>(() => Load("faults: [{ name: a, fault: leaderKill }, { name: a, fault: brokerPause }]"))!.Errors.Single().Message,
            Does.Contain("duplicate fault name 'a'"));

    [Test]
    public void Unknown_top_level_keys_suggest_the_nearest() =>
        Assert.That(Assert.Throws<ScenarioLoadException>(() => Load("fault: []"))!.Errors.Single().Message, Does.Contain("did you mean 'faults'?"));

    [Test]
    public void Waiting_for_a_fault_that_never_heals_is_rejected() =>
        Assert.That(Assert.Throws<ScenarioLoadException>(() => Load("faults: [{ name: a, fault: brokerPause, heal: never }, { name: b, fault: leaderKill, at: { afterFault: a } }]"))!.Errors.Single().Message,
            Does.Contain("never heals"));

    [Test]
    public void Duplicate_keys_are_located()
    {
        var e = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Parse(Base + "\ntitle: again\n", "f.yaml"))!;
        Assert.That(e.Errors.Single().Line, Is.EqualTo(7));
        Assert.That(e.Errors.Single().Message, Does.Contain("title"));
    }
}
