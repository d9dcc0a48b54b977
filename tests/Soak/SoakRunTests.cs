using KafkaChaos.History;
using KafkaChaos.Reports;
using KafkaChaos.Scenarios.Running;
using KafkaChaos.Soak;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Soak;

/// <summary>The soak's mechanism on a real cluster: a one-minute soak, and one interrupted midway.</summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class SoakRunTests
{
    private static readonly IReadOnlyList<SoakFaultChoice> KillAndIsolate = SoakFaultChoice.ParseList("leaderKill:6/min:3s-5s,isolateBroker:6/min:3s-5s");
    private string _output = null!;

    [SetUp]
    public void CreateOutput() => _output = Directory.CreateTempSubdirectory("kchaos-soak-").FullName;

    [TearDown]
    public void DeleteOutput() => Directory.Delete(_output, recursive: true);

    private RunnerOptions Options => new() { OutputDirectory = _output, Log = TestLog.Progress, Progress = p => TestLog.Progress.WriteLine($"  {p}") };

    [Test]
    public async Task A_one_minute_soak_injects_its_seeded_schedule_on_time_and_checks_the_invariants()
    {
        // The first seed whose minute holds a kill and an isolation, one after the other.
        var seed = Enumerable.Range(1, 1000).First(s => SoakSchedule.Draw(s, 60_000, KillAndIsolate, false, 3, 3, 1).Faults.Select(f => f.Kind).Distinct().Count() == 2);
        var schedule = SoakSchedule.Draw(seed, 60_000, KillAndIsolate, false, 3, 3, 1);
        var settings = new SoakSettings { DurationMs = 60_000, Seed = seed, Faults = KillAndIsolate, Invariants = [SoakInvariant.NoAckedLoss] };

        var report = await SoakRun.RunAsync(settings, Options, TestLog.Progress, CancellationToken.None);

        Assert.That(report.Error, Is.Null);
        Assert.That(report.Verdict, Is.EqualTo(Verdict.Passed), "acks=all with min.insync.replicas 2 loses nothing acknowledged");
        Assert.That(report.Schedule, Is.EqualTo(schedule.Describe()), "the run used the schedule its seed draws");
        Assert.That(report.Timeline.Select(f => f.Status), Has.All.EqualTo(FaultEvidence.Happened));
        foreach (var planned in schedule.Faults)
        {
            var window = report.Windows.Single(w => w.Name == planned.Name);
            Assert.That(window.StartMs, Is.InRange(planned.StartMs, planned.StartMs + 5000), $"{planned.Name} injected at its planned moment");
            Assert.That(window.EndMs, Is.GreaterThanOrEqualTo(window.StartMs + planned.DurationMs), $"{planned.Name} in force for its planned time");
        }
        Assert.That(report.Counts.Sent, Is.GreaterThan(30_000), "1000/s for a minute");
        Assert.That(report.Counts.AckedLost, Is.Zero);
        Assert.That(report.Resources, Has.Count.GreaterThanOrEqualTo(10));
        Assert.That(report.LedgerBytesPerMessage, Is.GreaterThan(0));
        var directory = Path.Combine(_output, $"soak-{seed}");
        Assert.That(File.ReadAllText(Path.Combine(directory, "soak.md")), Does.Contain($"# Soak, seed {seed}: passed").And.Contain(schedule.Faults[0].Name));
        Assert.That(File.Exists(Path.Combine(directory, "soak.json")) && File.Exists(Path.Combine(directory, "report.json")), Is.True);
    }

    [Test]
    public async Task A_soak_interrupted_midway_stops_every_broker_and_leaves_a_readable_ledger()
    {
        var before = JavaProcesses();
        var settings = new SoakSettings { DurationMs = 120_000, Seed = 11, Faults = KillAndIsolate };
        using var interrupt = new CancellationTokenSource();
        // Ctrl-C while a fault is in force: the worst moment for cleanup.
        var options = Options with { Progress = p => { if (p.ActiveFaults.Count > 0) interrupt.Cancel(); } };

        Assert.That(async () => await SoakRun.RunAsync(settings, options, TestLog.Progress, interrupt.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(JavaProcesses().Except(before), Is.Empty, "every JVM the soak started is gone");
        var history = await RunHistory.LoadAsync(Path.Combine(_output, "soak-11", "ledger"));
        Assert.That(history.Invocations, Is.Not.Empty);
        Assert.That(history.Faults.Any(f => f.Phase == FaultPhase.Started), Is.True, "the fault injected before the interrupt is in the ledger");
        Assert.That(history.Streams.Select(s => s.TornBytes), Has.All.LessThan(4096), "at most a torn last record per stream");
    }

    private static HashSet<int> JavaProcesses() =>
        Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1).Where(pid => pid > 0)
            .Where(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/cmdline").Contains("java", StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
            }).ToHashSet();
}
