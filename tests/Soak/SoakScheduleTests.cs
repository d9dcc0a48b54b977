using KafkaChaos.Scenarios;
using KafkaChaos.Soak;
using NUnit.Framework;

namespace KafkaChaos.Tests.Soak;

internal sealed class SoakScheduleTests
{
    private static readonly IReadOnlyList<SoakFaultChoice> Four = SoakFaultChoice.ParseList("leaderKill,networkCutAfterAppend,stallReplicaFetch,isolateBroker");

    private static SoakSchedule Draw(long seed, bool overlap = false, long durationMs = 600_000) =>
        SoakSchedule.Draw(seed, durationMs, Four, overlap, brokers: 3, partitions: 3, consumers: 1);

    [Test]
    public void The_same_seed_draws_the_same_schedule_and_another_seed_another()
    {
        Assert.That(Draw(7).Describe(), Is.EqualTo(Draw(7).Describe()));
        Assert.That(Draw(7).Faults, Is.EqualTo(Draw(7).Faults));
        Assert.That(Draw(8).Describe(), Is.Not.EqualTo(Draw(7).Describe()));
    }

    [TestCase(1L), TestCase(7L), TestCase(123_456L)]
    public void One_at_a_time_each_fault_starts_after_the_previous_healed_and_recovered(long seed)
    {
        var faults = Draw(seed).Faults;

        Assert.That(faults, Has.Count.GreaterThan(5), "ten minutes at 8 faults a minute in all hold several");
        Assert.That(faults[0].StartMs, Is.GreaterThanOrEqualTo(SoakSchedule.LeadMs));
        Assert.That(faults[0].AfterHealOf, Is.Null);
        for (var i = 1; i < faults.Count; i++)
        {
            Assert.That(faults[i].StartMs, Is.GreaterThanOrEqualTo(faults[i - 1].EndMs + SoakSchedule.Settle(faults[i - 1].Kind)), faults[i].ToString());
            Assert.That(faults[i].AfterHealOf, Is.EqualTo(faults[i - 1].Name), "injected only once the previous one healed and the cluster recovered");
        }
        Assert.That(faults[^1].EndMs + SoakSchedule.Settle(faults[^1].Kind), Is.LessThanOrEqualTo(600_000), "the last heal leaves time to recover inside the window");
        Assert.That(SoakSchedule.Settle(FaultKind.LeaderKill), Is.GreaterThan(SoakSchedule.Settle(FaultKind.IsolateBroker)), "a restart takes longer than a reconnect");
        Assert.That(faults.Select(f => f.DurationMs), Has.All.InRange(3000, 10000));
    }

    [Test]
    public void With_overlap_kinds_may_coincide_but_a_kind_never_overlaps_itself()
    {
        var faults = Draw(7, overlap: true).Faults;

        foreach (var kind in faults.GroupBy(f => f.Kind))
        {
            var ofKind = kind.ToList();
            for (var i = 1; i < ofKind.Count; i++) Assert.That(ofKind[i].StartMs, Is.GreaterThan(ofKind[i - 1].EndMs));
        }
        Assert.That(faults.Select(f => f.AfterHealOf), Has.All.Null, "with overlap no fault waits for another");
        Assert.That(faults.Zip(faults.Skip(1)).Any(p => p.Second.StartMs < p.First.EndMs), Is.True, "seed 7 draws at least one coincidence in ten minutes");
    }

    [Test]
    public void Every_drawn_target_is_one_the_kind_accepts_and_toxics_that_must_bite_aim_at_a_role()
    {
        foreach (var seed in Enumerable.Range(1, 50))
        {
            foreach (var fault in Draw(seed, overlap: true).Faults)
            {
                var info = FaultKinds.Of(fault.Kind);
                Assert.That(info.Targets, Does.Contain(fault.Target.Kind), fault.ToString());
                if (info.MustBite) Assert.That(fault.Target.Kind, Is.Not.EqualTo(TargetKind.Broker), fault.ToString());
                Assert.That(fault.Target.Partition, Is.InRange(0, 2));
            }
        }
    }

    [Test]
    public void A_soak_scenario_injects_and_heals_each_fault_at_its_planned_time_and_checks_the_invariants()
    {
        var schedule = Draw(7);
        var settings = new SoakSettings { DurationMs = 600_000, Seed = 7, Faults = Four, Invariants = [SoakInvariant.NoAckedLoss, SoakInvariant.NoDuplicates] };

        var scenario = SoakBase.ToScenario(settings, schedule);

        Assert.That(scenario.Faults.Select(f => (f.Name, f.At, f.Heal, f.AfterHealOf)),
            Is.EqualTo(schedule.Faults.Select(f => (f.Name, new Trigger(TriggerKind.AfterMs, f.StartMs), new Trigger(TriggerKind.AfterMs, f.DurationMs), f.AfterHealOf))));
        Assert.That(scenario.Phases.FaultWindowMs, Is.EqualTo(600_000));
        Assert.That(scenario.Producers.Single().Messages, Is.EqualTo(600_000), "1000/s for 600 s");
        Assert.That(scenario.Expect.Single().Counts.Select(c => $"{c.Key} {c.Value}"), Is.EqualTo(new[] { "ackedLost == 0", "duplicatesInLog == 0" }));
        Assert.That(scenario.Seed, Is.EqualTo(7));
    }

    [TestCase("leaderKil", "did you mean 'leaderKill'")]
    [TestCase("producerCrash", "not a fault kind a soak can draw")]
    [TestCase("leaderKill:2/hour", "neither a rate")]
    [TestCase("leaderKill:5s-2s", "neither a rate")]
    [TestCase("leaderKill,leaderKill", "named twice")]
    [TestCase("", "at least one")]
    public void A_fault_choice_that_is_not_one_is_refused_with_what_was_expected(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => SoakFaultChoice.ParseList(text));
        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void A_fault_choice_reads_its_rate_and_duration_bounds()
    {
        Assert.That(SoakFaultChoice.Parse("stallReplicaFetch:1.5/min:500ms-1m"),
            Is.EqualTo(new SoakFaultChoice(FaultKind.StallReplicaFetch, 1.5, 500, 60_000)));
        Assert.That(SoakFaultChoice.Parse("isolateBroker"), Is.EqualTo(new SoakFaultChoice(FaultKind.IsolateBroker)));
    }

    [Test]
    public void Invariants_are_read_by_name_and_an_unknown_one_is_refused()
    {
        Assert.That(SoakInvariants.Parse("noAckedLoss, orderPerKey"), Is.EqualTo(new[] { SoakInvariant.NoAckedLoss, SoakInvariant.OrderPerKey }));
        Assert.That(Assert.Throws<ArgumentException>(() => SoakInvariants.Parse("noDuplicate"))!.Message, Does.Contain("did you mean 'noDuplicates'"));
    }

    [Test]
    public void A_consumer_crash_without_consumers_or_a_soak_too_short_for_any_fault_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SoakSchedule.Draw(1, 600_000, SoakFaultChoice.ParseList("consumerCrash"), false, 3, 1, consumers: 0));
        Assert.That(Assert.Throws<ArgumentException>(() => SoakSchedule.Draw(1, 10_000, Four, false, 3, 1, 1))!.Message, Does.Contain("holds no fault"));
    }
}
