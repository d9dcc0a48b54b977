using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Scenarios.Running;
using KafkaChaos.Soak;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Soak;

/// <summary>
/// The ten-minute soak of issue 14, figures printed: acks=all (min.insync.replicas 2) and acks=1 under the same seeded
/// schedule of leader kills, cuts after append, stalled replica fetches and isolated brokers, with the harness's memory,
/// descriptors and threads over time and the ledger's size per message. Run: <c>dotnet test --filter Name~Ten_minute_soak</c>.
/// </summary>
[TestFixture, Explicit("benchmark: about 25 minutes of cluster time"), Category("Benchmark"), NonParallelizable]
internal sealed class SoakBenchmark
{
    [TestCase(AcksMode.All), TestCase(AcksMode.Leader)]
    public async Task Ten_minute_soak(AcksMode acks)
    {
        var output = Directory.CreateTempSubdirectory("kchaos-soak-bench-").FullName;
        var settings = new SoakSettings
        {
            DurationMs = 600_000,
            Seed = 7,
            Faults = SoakFaultChoice.ParseList("leaderKill,networkCutAfterAppend,stallReplicaFetch,isolateBroker"),
            Base = SoakBase.Default with { Producers = SoakBase.Default.Producers.Select(p => p with { Acks = acks }).ToList() },
        };
        var report = await SoakRun.RunAsync(settings, new RunnerOptions { OutputDirectory = output }, TestContext.Out, CancellationToken.None);

        var first = report.Resources[0];
        var last = report.Resources[^1];
        var peak = report.Resources.Max(r => r.ResidentMiB);
        TestContext.Out.WriteLine($"acks={acks}: {report.Verdict}; sent {report.Counts.Sent}, acked lost {report.Counts.AckedLost}; faults {report.Timeline.Count(f => f.Status == FaultEvidence.Happened)}/{report.Timeline.Count} happened");
        TestContext.Out.WriteLine($"  rss: start {first.ResidentMiB:0} MiB, peak {peak:0} MiB, end {last.ResidentMiB:0} MiB; fds {first.FileDescriptors} → {last.FileDescriptors}; threads {first.Threads} → {last.Threads}");
        TestContext.Out.WriteLine($"  ledger {report.LedgerBytes / 1048576.0:0.0} MiB, {report.LedgerBytesPerMessage:0.0} B/message; report in {output}");
        Assert.That(report.Error, Is.Null, "every fault happened and every worker ran");
    }
}
