using KafkaChaos.Checkers;
using KafkaChaos.History;
using KafkaChaos.Soak;
using NUnit.Framework;

namespace KafkaChaos.Tests.Soak;

internal sealed class SoakViolationsTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    private static long At(double seconds) => T0 + (long)(seconds * TimeSpan.TicksPerSecond);

    /// <summary>Ten IDs sent and acked one a second; IDs 6 and 8 are gone from the log; a leader kill comes 0.5 s after 6's ack.</summary>
    private static (RunHistory History, FinalRead FinalRead) LossAfterTheAck()
    {
        var history = new HistoryBuilder();
        var read = new FinalReadBuilder("t").AddPartition(0);
        for (var i = 0; i < 10; i++)
        {
            var id = new MessageId(0, i);
            history.Add(new SendInvoked(At(i), id, false)).Add(new SendCompleted(At(i + 0.1), id, SendOutcome.Ok(0, i)));
            if (i is not (6 or 8)) read.Add(0, i, id);
        }
        history.Add(new FaultEvent(At(2), "f01-isolateBroker", FaultPhase.Started, "isolated broker 3"))
            .Add(new FaultEvent(At(3), "f01-isolateBroker", FaultPhase.Healed, "isolated broker 3"))
            .Add(new FaultEvent(At(6.6), "f02-leaderKill", FaultPhase.Started, "killed broker 1"))
            .Add(new FaultEvent(At(9), "f02-leaderKill", FaultPhase.Healed, "killed broker 1"))
            .Add(new FaultEvent(At(30), "f03-leaderKill", FaultPhase.Started, "killed broker 2"));
        return (history.Build(), read.Build());
    }

    [Test]
    public void The_first_violation_is_the_earliest_acked_loss_with_the_faults_around_it()
    {
        var (history, finalRead) = LossAfterTheAck();
        var result = HistoryChecker.Check(history, finalRead);

        var first = SoakViolations.First(result, history, [SoakInvariant.NoAckedLoss, SoakInvariant.NoDuplicates]);

        Assert.That(first, Is.Not.Null);
        Assert.That(first!.Invariant, Is.EqualTo(SoakInvariant.NoAckedLoss));
        Assert.That(first.Count, Is.EqualTo(2));
        Assert.That(first.AtSeconds, Is.EqualTo(6.1).Within(0.001), "6's ack, counted from the first send");
        Assert.That(first.Examples[0], Does.StartWith("0:6"));
        Assert.That(first.Faults.Select(f => $"{f.Name}: {f.Relation}"), Is.EqualTo(new[]
        {
            "f01-isolateBroker: healed 3.1 s before it",
            "f02-leaderKill: injected 0.5 s after it",
        }), "the kill 24 s later is not around it");
    }

    [Test]
    public void Invariants_that_hold_give_no_violation()
    {
        var (history, finalRead) = LossAfterTheAck();
        var result = HistoryChecker.Check(history, finalRead);

        Assert.That(SoakViolations.First(result, history, [SoakInvariant.NoDuplicates, SoakInvariant.OrderPerKey]), Is.Null);
    }
}
