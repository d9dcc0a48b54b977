using KafkaChaos.Checkers;
using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Tests.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Reports;

public sealed class ScenarioOutcomeTests
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
    public void Comparisons_are_filled_from_the_scenarios()
    {
        var sync = Load("p2-sync-throughput");
        var version = KafkaVersion.Parse("0.9.0.1");
        ScenarioOutcome[] outcomes =
        [
            ScenarioOutcome.For(sync, version) with { Passed = true, ThroughputPerSecond = 50 },
            ScenarioOutcome.For(Load("p2-async-throughput"), version) with { Passed = true, ThroughputPerSecond = 400 },
        ];
        var compared = ComparisonResult.Apply(outcomes, [sync]);
        Assert.That(compared[0].Compare!.Ratio, Is.EqualTo(0.125));
        Assert.That(compared[0].Compare!.ToString(), Is.EqualTo("throughput ÷ p2-async-throughput = 0.125"));
        Assert.That(compared[1].Compare, Is.Null);
    }
}
