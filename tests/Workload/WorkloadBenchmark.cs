using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KafkaChaos.Cluster;
using KafkaChaos.Scenarios;
using KafkaChaos.Tests.Support;
using KafkaChaos.Workload;
using TopicSpec = KafkaChaos.Cluster.TopicSpec;
using NUnit.Framework;

namespace KafkaChaos.Tests.Workload;

/// <summary>
/// Figures, not assertions: the workload producer (callback mode, ledger on) against Kafka's own
/// ProducerPerformance tool of the same distribution, same cluster, same settings, alternating rounds.
/// Target: ratio ≥ 0.8.
/// </summary>
[TestFixture, Explicit("benchmark"), Category("Benchmark"), NonParallelizable]
internal sealed partial class WorkloadBenchmark : ClusterFixture
{
    private const int Records = 200_000;
    private const int RecordBytes = 100;
    private const int LingerMs = 5;
    private const int BatchBytes = 16384;
    private const int Rounds = 3;
    [TestCase(AcksMode.Leader)]
    [TestCase(AcksMode.All)]
    public async Task Workload_producer_throughput_vs_kafka_producer_performance(AcksMode acks)
    {
        var workload = new List<double>();
        var tool = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            tool.Add(await RunProducerPerformanceAsync(acks, round));
            workload.Add(await RunWorkloadAsync(acks, round));
        }
        double ratio = Median(workload) / Median(tool);
        TestContext.Out.WriteLine($"acks={Text(acks)} records={Records} size={RecordBytes} B linger.ms={LingerMs} batch.size={BatchBytes}, 3 partitions RF 3 min.insync.replicas 2");
        TestContext.Out.WriteLine($"  ProducerPerformance: {string.Join(", ", tool.Select(F))} records/s (median {F(Median(tool))})");
        TestContext.Out.WriteLine($"  workload producer:   {string.Join(", ", workload.Select(F))} records/s (median {F(Median(workload))})");
        TestContext.Out.WriteLine($"  ratio workload/tool: {ratio:0.00} (target >= 0.8)");
    }

    [Test]
    public async Task Await_each_vs_callback_throughput()
    {
        const int awaited = 3000;
        var callback = await RunWorkloadAsync(AcksMode.All, 100);
        var sync = await RunWorkloadAsync(AcksMode.All, 101, SendMode.AwaitEach, awaited);
        TestContext.Out.WriteLine($"acks=all size={RecordBytes} B: callback {F(callback)} records/s ({Records} records), await-each {F(sync)} records/s ({awaited} records)");
        TestContext.Out.WriteLine($"  ratio await-each/callback: {sync / callback:0.000} (claim P2: synchronous sends lower throughput)");
    }

    private async Task<string> CreateTopicAsync(string kind, AcksMode acks, int round)
    {
        var topic = $"bench-{kind}-{Text(acks)}-{round}-{Guid.NewGuid():N}";
        await Cluster.CreateTopicAsync(new TopicSpec(topic) { Partitions = 3, Configs = new Dictionary<string, string> { ["min.insync.replicas"] = "2" } });
        return topic;
    }

    private async Task<double> RunWorkloadAsync(AcksMode acks, int round, SendMode mode = SendMode.Callback, int records = Records)
    {
        var topic = await CreateTopicAsync("workload", acks, round);
        var runDirectory = Directory.CreateTempSubdirectory("kchaos-bench-").FullName;
        try
        {
            var profile = new ProducerProfile { SendMode = mode, Acks = acks, Messages = records, MessageBytes = RecordBytes, LingerMs = LingerMs, BatchSize = BatchBytes };
            var context = new WorkerContext(Cluster.Clients, topic, runDirectory, 0, TimeProvider.System, 0);
            var clock = Stopwatch.StartNew();
            await using var producer = await Workers.StartProducerAsync(profile, context, CancellationToken.None);
            await producer.Completion.WaitAsync(TimeSpan.FromMinutes(5));
            double rate = records / clock.Elapsed.TotalSeconds;
            await producer.StopAsync(CancellationToken.None);
            Assert.That(producer.Counters.Acked, Is.EqualTo(records));
            return rate;
        }
        finally
        {
            Directory.Delete(runDirectory, recursive: true);
        }
    }

    private async Task<double> RunProducerPerformanceAsync(AcksMode acks, int round)
    {
        var topic = await CreateTopicAsync("tool", acks, round);
        var info = new ProcessStartInfo("java") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-Xmx512m", "-cp", Cluster.Distribution.ClassPath, "org.apache.kafka.tools.ProducerPerformance",
            "--topic", topic, "--num-records", Records.ToString(CultureInfo.InvariantCulture), "--record-size", RecordBytes.ToString(CultureInfo.InvariantCulture),
            "--throughput", "-1", "--producer-props", $"bootstrap.servers={Cluster.BootstrapServers}", $"acks={Text(acks)}",
            $"linger.ms={LingerMs}", $"batch.size={BatchBytes}",
        })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        // Last line: "200000 records sent, 95238.1 records/sec (9.08 MB/sec), ..."
        var match = SummaryLine().Matches(stdout).LastOrDefault();
        Assert.That(match, Is.Not.Null, $"ProducerPerformance printed no summary: {stdout}\n{await stderr}");
        return double.Parse(match!.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\d+ records sent, ([\d.]+) records/sec")]
    private static partial Regex SummaryLine();

    private static string Text(AcksMode acks) => acks == AcksMode.Leader ? "1" : "all";

    private static string F(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
