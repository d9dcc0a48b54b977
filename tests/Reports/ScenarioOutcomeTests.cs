using KafkaChaos.Checkers;
using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Tests.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Reports;

internal sealed class ScenarioOutcomeTests
{
    private static Scenario Load(string name) => ScenarioLoader.Load(Path.Combine(ScenarioFiles.Directory, name + ".yaml"));

    [Test]
    public void Outcome_from_a_scenario_names_the_settings_it_asked_for()
    {
        var outcome = ScenarioOutcome.For(Load("b2-acks1-leader-kill"), KafkaVersion.Parse("0.9.0.1"));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Claim, Is.EqualTo("B2"));
            Assert.That(outcome.Seed, Is.EqualTo(ScenarioLoader.DefaultSeed("b2-acks1-leader-kill")));
            Assert.That(outcome.Settings.Broker["unclean.leader.election.enable"], Is.EqualTo("false"));
            Assert.That(outcome.Settings.Broker["replica.lag.time.max.ms"], Is.EqualTo("30000"));
            Assert.That(outcome.Settings.Topic["replication.factor"], Is.EqualTo("3"));
            Assert.That(outcome.Settings.Producer["acks"], Is.EqualTo("1"));
        });
    }

    [Test]
    public void Consumer_settings_follow_the_commit_mode()
    {
        var outcome = ScenarioOutcome.For(Load("c1-auto-commit-loss"), KafkaVersion.Parse("0.9.0.1"));
        Assert.That(outcome.Settings.Consumer["enable.auto.commit"], Is.EqualTo("true"));
        Assert.That(outcome.Settings.Consumer["auto.commit.interval.ms"], Is.EqualTo("100"));
    }

    [Test]
    public void Verdict_and_skip_come_from_the_model()
    {
        var d2 = Load("d2-idempotent-no-duplicates");
        var version = KafkaVersion.Parse("0.9.0.1");
        var skipped = ScenarioOutcome.NotApplicableFor(d2, version, d2.ApplicabilityFor(version, new HashSet<string>()));
        Assert.That(skipped.Verdict, Is.EqualTo(Verdict.NotApplicable));

        var b2 = Load("b2-acks1-leader-kill");
        var evaluated = ScenarioOutcome.For(b2, version).WithVerdict(b2.Evaluate(new CheckCounts { AckedLost = 100 }, new Dictionary<string, long>(), version));
        Assert.That(evaluated.Verdict, Is.EqualTo(Verdict.Passed));
        Assert.That(evaluated.Expected.Single(), Is.EqualTo(new ExpectedCondition("ackedLost == 100", 100, true)));
    }

    [Test]
    public void A_comparison_is_a_condition_of_the_verdict()
    {
        var sync = Load("p2-sync-throughput");
        var version = KafkaVersion.Parse("0.9.0.1");
        var passed = ScenarioOutcome.For(sync, version) with { Passed = true, ThroughputPerSecond = 50, Expected = [new ExpectedCondition("acked == sent", 1, true)] };
        var async = ScenarioOutcome.For(Load("p2-async-throughput"), version) with { Passed = true, ThroughputPerSecond = 400 };

        var cheap = ComparisonResult.Judge(passed, sync.Compare!, async);
        Assert.That(cheap.Compare!.Ratio, Is.EqualTo(0.125));
        Assert.That(cheap.Compare!.ToString(), Is.EqualTo("throughput ÷ p2-async-throughput = 0.125"));
        Assert.That(cheap.Verdict, Is.EqualTo(Verdict.Passed));
        Assert.That(cheap.Expected[^1].ToString(), Is.EqualTo("throughput ÷ p2-async-throughput < 0.5, observed 0.125"));

        var costly = ComparisonResult.Judge(passed with { ThroughputPerSecond = 300 }, sync.Compare!, async);
        Assert.That(costly.Verdict, Is.EqualTo(Verdict.Failed), "sync at 0.75 of async does not halve throughput");

        var alone = ComparisonResult.Judge(passed, sync.Compare!, null);
        Assert.That(alone.Verdict, Is.EqualTo(Verdict.Inconclusive), "without its sibling the cost is unknown, never passed");
        var broken = ComparisonResult.Judge(passed, sync.Compare!, async with { Error = "cluster did not start" });
        Assert.That(broken.Verdict, Is.EqualTo(Verdict.Inconclusive));
    }

    [Test]
    public void A_fault_that_did_not_happen_or_a_dead_worker_is_an_error_whatever_the_conditions()
    {
        var b3 = Load("b3-acks-all-minisr2");
        var version = KafkaVersion.Parse("0.9.0.1");
        var evaluated = ScenarioOutcome.For(b3, version).WithVerdict(b3.Evaluate(new CheckCounts { Acked = 10 }, new Dictionary<string, long> { ["_MSG_TIMED_OUT"] = 3 }, version));
        Assert.That(evaluated.Verdict, Is.EqualTo(Verdict.Passed), "the conditions alone hold");
        var missing = evaluated with { Error = "fault kill-leader (leaderKill) did not happen as scheduled: its trigger was not reached" };
        Assert.That(missing.Verdict, Is.EqualTo(Verdict.Error));
    }
}
