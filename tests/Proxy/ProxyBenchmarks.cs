using System.Diagnostics;
using Confluent.Kafka;
using KafkaChaos.Cluster;
using KafkaChaos.Proxy;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy;

/// <summary>
/// Figures, not assertions. Targets: through the proxy ≥ 90% of direct throughput, ≤ 0.2 ms added p50, bounded
/// memory per connection.
/// </summary>
[TestFixture, Explicit("benchmark"), Category("Benchmark"), NonParallelizable]
public sealed class ProxyBenchmarks
{
    private const int MessageBytes = 1024;
    private const int ThroughputMessages = 50_000;
    private const int LatencySamples = 2_000;

    [Test]
    public Task Loopback_echo_through_the_proxy_vs_direct() => ProxyBenchmark.RunAsync(TestContext.Out, CancellationToken.None);

    [Test]
    public async Task Kafka_acks_all_1KiB_through_the_proxy_vs_straight_to_the_brokers()
    {
        var direct = await MeasureAsync(proxied: false);
        var proxied = await MeasureAsync(proxied: true);
        TestContext.Out.WriteLine($"direct : {direct}");
        TestContext.Out.WriteLine($"proxied: {proxied}");
        TestContext.Out.WriteLine($"throughput ratio proxied/direct: {proxied.MessagesPerSecond / direct.MessagesPerSecond:P0}; " +
                                  $"added p50: {proxied.P50Ms - direct.P50Ms:0.000} ms, added p99: {proxied.P99Ms - direct.P99Ms:0.000} ms");
    }

    private static async Task<Figures> MeasureAsync(bool proxied)
    {
        await using var cluster = await KafkaCluster.StartAsync(new ClusterOptions { Proxied = proxied }, TestLog.Progress);
        var topic = "bench";
        await cluster.CreateTopicAsync(new TopicSpec(topic) { Configs = new Dictionary<string, string> { ["min.insync.replicas"] = "2" } });
        var payload = new byte[MessageBytes];
        using var producer = new ProducerBuilder<Null, byte[]>(cluster.Clients.Producer(new Dictionary<string, string>
        {
            ["acks"] = "all", ["linger.ms"] = "5", ["queue.buffering.max.messages"] = "200000",
        })).Build();

        // Latency: one message at a time, acks=all.
        var latencies = new List<double>(LatencySamples);
        for (var i = 0; i < LatencySamples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await producer.ProduceAsync(topic, new Message<Null, byte[]> { Value = payload });
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        latencies.Sort();

        // Throughput: pipelined.
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < ThroughputMessages; i++)
            producer.Produce(topic, new Message<Null, byte[]> { Value = payload });
        producer.Flush(TimeSpan.FromMinutes(2));
        var seconds = clock.Elapsed.TotalSeconds;
        return new Figures(ThroughputMessages / seconds, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
    }

    private sealed record Figures(double MessagesPerSecond, double P50Ms, double P99Ms)
    {
        public override string ToString() =>
            $"{MessagesPerSecond:0} msg/s ({MessagesPerSecond * MessageBytes / 1_000_000:0.0} MB/s), p50 {P50Ms:0.000} ms, p99 {P99Ms:0.000} ms";
    }
}
