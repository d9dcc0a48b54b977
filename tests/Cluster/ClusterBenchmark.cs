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
public sealed class ClusterBenchmark
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
            clock.Restart();
            await LibrdkafkaLocator.LocateAsync(cache, null, TestLog.Progress, CancellationToken.None);
            var librdkafkaCold = clock.Elapsed;

            var cached = new List<double>();
            for (var i = 0; i < Rounds; i++)
            {
                clock.Restart();
                await KafkaDistributionLocator.LocateAsync(cache, null, null, CancellationToken.None);
                await LibrdkafkaLocator.LocateAsync(cache, null, null, CancellationToken.None);
                cached.Add(clock.Elapsed.TotalMilliseconds);
            }
            Report("provisioning, first: Kafka distribution", kafkaCold.TotalSeconds, "s");
            Report("provisioning, first: librdkafka build", librdkafkaCold.TotalSeconds, "s");
            Report("provisioning, cached (both), median", Median(cached), "ms");
        }
        finally
        {
            Directory.Delete(cache.Root, recursive: true);
        }
    }

    [Test]
    public async Task Cold_start_to_ready_and_leader_kill_to_new_leader()
    {
        var starts = new List<double>();
        var failovers = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var cluster = await KafkaCluster.StartAsync(new ClusterOptions(), TestLog.Progress);
            starts.Add(clock.Elapsed.TotalSeconds);

            var topic = $"bench-{i}";
            await cluster.CreateTopicAsync(new TopicSpec(topic));
            var before = await cluster.GetPartitionAsync(topic, 0);
            clock.Restart();
            await cluster.KillBrokerAsync(before.Leader);
            await cluster.WaitForLeaderChangeAsync(topic, 0, before.Leader, TimeSpan.FromSeconds(60));
            failovers.Add(clock.Elapsed.TotalSeconds);
        }
        Report("cold start to ready (from cache), median", Median(starts), "s", starts);
        Report("leader kill -9 to new leader observed, median", Median(failovers), "s", failovers);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static void Report(string what, double value, string unit, IEnumerable<double>? all = null) =>
        TestContext.Out.WriteLine($"{what}: {value:0.###} {unit}{(all is null ? "" : $"  (runs: {string.Join(", ", all.Select(v => v.ToString("0.##")))})")}");
}
