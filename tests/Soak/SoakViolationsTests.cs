using KafkaChaos.Checkers;
using KafkaChaos.History;
using KafkaChaos.Soak;
using KafkaChaos.Tests.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.Soak;

internal sealed class SoakViolationsTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    private static long At(double seconds) => T0 + (long)(seconds * TimeSpan.TicksPerSecond);

    /// <summary>
    /// Ten IDs sent and acked one a second; IDs 6 and 8 are gone from the log; a leader kill comes 0.5 s after 6's ack.
    /// Written to <paramref name="dir"/> as a worker's ledger and a saved final read, as a soak leaves them.
    /// </summary>
    private static async Task WriteLossAfterTheAckAsync(string dir)
    {
        var events = new List<(double At, Action<HistoryWriter> Write)>();
        var read = new FinalReadBuilder("t").AddPartition(0);
        for (var i = 0; i < 10; i++)
        {
            var id = new MessageId(0, i);
            int offset = i;
            events.Add((i, w => w.RecordInvocation(id, resultIgnored: false)));
            events.Add((i + 0.1, w => w.RecordCompletion(id, SendOutcome.Ok(0, offset))));
            if (i is not (6 or 8)) read.Add(0, i, id);
        }
        events.Add((2, w => w.RecordFault("f01-isolateBroker", FaultPhase.Started, "isolated broker 3")));
        events.Add((3, w => w.RecordFault("f01-isolateBroker", FaultPhase.Healed, "isolated broker 3")));
        events.Add((6.6, w => w.RecordFault("f02-leaderKill", FaultPhase.Started, "killed broker 1")));
        events.Add((9, w => w.RecordFault("f02-leaderKill", FaultPhase.Healed, "killed broker 1")));
        events.Add((30, w => w.RecordFault("f03-leaderKill", FaultPhase.Started, "killed broker 2")));

        var clock = new ManualTimeProvider(new DateTimeOffset(T0, TimeSpan.Zero));
        using (var writer = HistoryWriter.Create(dir, "soak", clock))
        {
            double now = 0;
            foreach (var (at, write) in events.OrderBy(e => e.At))
            {
                clock.Advance(TimeSpan.FromTicks(At(at) - At(now)));
                now = at;
                write(writer);
            }
        }
        await FinalReadFile.SaveAsync(read.Build(), Path.Combine(dir, FinalReadFile.FileName));
    }

    [Test]
    public async Task The_first_violation_is_the_earliest_acked_loss_with_the_faults_around_it()
    {
        using var dir = new TempDirectory();
        await WriteLossAfterTheAckAsync(dir.Path);
        var result = await HistoryChecker.CheckRunDirectoryAsync(dir.Path);

        var first = await SoakViolations.FirstAsync(result, dir.Path, [SoakInvariant.NoAckedLoss, SoakInvariant.NoDuplicates], CancellationToken.None);

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
    public async Task Invariants_that_hold_give_no_violation()
    {
        using var dir = new TempDirectory();
        await WriteLossAfterTheAckAsync(dir.Path);
        var result = await HistoryChecker.CheckRunDirectoryAsync(dir.Path);

        Assert.That(await SoakViolations.FirstAsync(result, dir.Path, [SoakInvariant.NoDuplicates, SoakInvariant.OrderPerKey], CancellationToken.None), Is.Null);
    }
}
