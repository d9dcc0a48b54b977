using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster;

/// <summary>
/// The two figures every cluster benchmark measures, one round per fresh cluster: cold start to ready, and kill -9 of
/// the leader of a new RF=3 topic to a new leader observed. Printed as the median and every run.
/// </summary>
internal static class FailoverRounds
{
    public static async Task<(List<double> StartsSeconds, List<double> FailoversSeconds)> MeasureAsync(ClusterOptions options, int rounds)
    {
        var starts = new List<double>();
        var failovers = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var cluster = await KafkaCluster.StartAsync(options, TestLog.Progress);
            starts.Add(clock.Elapsed.TotalSeconds);

            var topic = $"bench-{i}";
            await cluster.CreateTopicAsync(new TopicSpec(topic));
            var before = await cluster.GetPartitionAsync(topic, 0);
            clock.Restart();
            await cluster.KillBrokerAsync(before.Leader);
            await cluster.WaitForLeaderChangeAsync(topic, 0, before.Leader, TimeSpan.FromSeconds(60));
            failovers.Add(clock.Elapsed.TotalSeconds);
        }
        return (starts, failovers);
    }

    public static double Median(IReadOnlyCollection<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>"what: median unit  (runs: a, b, c)".</summary>
    public static void Report(string what, IReadOnlyCollection<double> values, string unit) =>
        TestContext.Out.WriteLine($"{what}: {Median(values):0.###} {unit}  (runs: {string.Join(", ", values.Select(v => v.ToString("0.##")))})");
}
