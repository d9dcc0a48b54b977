using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Provisioning;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster;

/// <summary>
/// Figures, not assertions: provisioning cold vs cached, cold start to ready, leader kill to new leader.
/// Targets on a 2-core machine: ready ≤ 6 s from cache, failover ≤ 8 s, cached provisioning ≤ 1 s.
/// </summary>
[TestFixture, Explicit("benchmark"), Category("Benchmark"), NonParallelizable]
internal sealed class ClusterBenchmark
{
    private const int Rounds = 3;

    [Test]
    public async Task Provisioning_first_vs_cached()
    {
        var cache = new CachePaths(Directory.CreateTempSubdirectory("kafka-chaos-bench-cache-").FullName);
        try
        {
            var clock = Stopwatch.StartNew();
            await KafkaDistributionLocator.LocateAsync(cache, null, TestLog.Progress, CancellationToken.None);
            var kafkaCold = clock.Elapsed;

            var cached = new List<double>();
            for (var i = 0; i < Rounds; i++)
            {
                clock.Restart();
                await KafkaDistributionLocator.LocateAsync(cache, null, null, CancellationToken.None);
                cached.Add(clock.Elapsed.TotalMilliseconds);
            }
            Report("provisioning, first: Kafka distribution", kafkaCold.TotalSeconds, "s");
            FailoverRounds.Report("provisioning, cached, median", cached, "ms");
        }
        finally
        {
            Directory.Delete(cache.Root, recursive: true);
        }
    }

    [Test]
    public async Task Cold_start_to_ready_and_leader_kill_to_new_leader()
    {
        var (starts, failovers) = await FailoverRounds.MeasureAsync(new ClusterOptions(), Rounds);
        FailoverRounds.Report("cold start to ready (from cache), median", starts, "s");
        FailoverRounds.Report("leader kill -9 to new leader observed, median", failovers, "s");
    }

    private static void Report(string what, double value, string unit) => TestContext.Out.WriteLine($"{what}: {value:0.###} {unit}");
}
