using System.Diagnostics;
using Confluent.Kafka;
using KafkaChaos.Cluster;
using KafkaChaos.Proxy;
using KafkaChaos.Tests.Proxy.Support;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy;

/// <summary>
/// Figures, not assertions. Targets: through the proxy ≥ 90% of direct throughput, ≤ 0.2 ms added p50, bounded
/// memory per connection.
/// </summary>
[TestFixture, Explicit("benchmark"), Category("Benchmark"), NonParallelizable]
internal sealed class ProxyBenchmarks
{
    private const int MessageBytes = 1024;
    private const int ThroughputMessages = 50_000;
    private const int LatencySamples = 400;
    // The machine is shared and its load swings within seconds: both clusters run at once and rounds alternate
    // between them, so each figure is a median over the same stretch of time.
    private const int Rounds = 7;
    private const int WakeProbeRoundTrips = 4000;

    [Test]
    public Task Loopback_echo_through_the_proxy_vs_direct() => ProxyBenchmark.RunAsync(TestContext.Out, CancellationToken.None);

    [Test]
    public async Task Kafka_acks_all_1KiB_through_the_proxy_vs_straight_to_the_brokers()
    {
        await using var direct = await Target.StartAsync(proxied: false);
        await using var proxied = await Target.StartAsync(proxied: true);
        var wakes = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var target in new[] { direct, proxied })
            {
                await target.MeasureLatencyAsync();
                target.MeasureThroughput();
            }

            // With both clusters up, as the latency samples were taken.
            wakes.Add(ThreadWakeProbe.OneWayP50Micros(WakeProbeRoundTrips));
            TestContext.Progress.WriteLine($"round {round}: direct {direct.Throughput[^1]:0} msg/s, proxied {proxied.Throughput[^1]:0} msg/s, " +
                                           $"added p50 {proxied.RoundP50Ms[^1] - direct.RoundP50Ms[^1]:0.000} ms, thread wake {wakes[^1]:0.0} µs; load {LoadAverage()}");
        }

        TestContext.Out.WriteLine($"direct : {direct}");
        TestContext.Out.WriteLine($"proxied: {proxied}");
        TestContext.Out.WriteLine($"throughput ratio proxied/direct: {proxied.MedianThroughput / direct.MedianThroughput:P0} (per round: " +
                                  $"{string.Join(" ", direct.Throughput.Zip(proxied.Throughput, (d, p) => (p / d).ToString("P0")))}); " +
                                  $"added p50: {proxied.P50Ms - direct.P50Ms:0.000} ms, added p99: {proxied.P99Ms - direct.P99Ms:0.000} ms " +
                                  $"(with the throughput producer's linger.ms=5: added p50 {proxied.LingeredP50Ms - direct.LingeredP50Ms:0.000} ms); " +
                                  $"test process CPU added by the proxy: {proxied.CpuMsPerMb - direct.CpuMsPerMb:0.00} ms/MB");
        // Rounds paired like the throughput ratios: a slow stretch of the machine shifts both sides of a round.
        var addedPerRound = proxied.RoundP50Ms.Zip(direct.RoundP50Ms, (p, d) => p - d).ToArray();
        TestContext.Out.WriteLine($"added p50 per round (proxied round p50 - direct round p50): median {Median(addedPerRound):0.000} ms " +
                                  $"({string.Join(" ", addedPerRound.Select(a => a.ToString("0.000")))})");
        // An acks=all write crosses the proxy four times (produce, the follower's fetch response, its next fetch, the
        // produce response), each a wake-up of a reader thread: the machine's wake-up cost is the floor of the added p50.
        var wake = Median(wakes);
        TestContext.Out.WriteLine($"this machine's thread wake-up over loopback TCP (ThreadWakeProbe, one way, p50 per round): median {wake:0.0} µs " +
                                  $"({string.Join(" ", wakes.Select(w => w.ToString("0.0")))}); 4 crossings x that = {4 * wake / 1000:0.000} ms of the added p50 " +
                                  "that no proxy code can remove");
        TestContext.Out.WriteLine($"load average: {LoadAverage()}");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private sealed class Target : IAsyncDisposable
    {
        private const string Topic = "bench";
        private readonly KafkaCluster _cluster;
        private readonly IProducer<Null, byte[]> _producer;
        private readonly IProducer<Null, byte[]> _latencyProducer;
        private readonly byte[] _payload = new byte[MessageBytes];
        private readonly List<double> _latencies = [];
        private readonly List<double> _lingeredLatencies = [];
        private readonly List<double> _cpuMsPerMb = [];

        private Target(KafkaCluster cluster, IProducer<Null, byte[]> producer, IProducer<Null, byte[]> latencyProducer)
        {
            _cluster = cluster;
            _producer = producer;
            _latencyProducer = latencyProducer;
        }

        public List<double> Throughput { get; } = [];

        public double MedianThroughput => Median(Throughput);

        public double P50Ms => Percentile(_latencies, 0.5);

        /// <summary>The p50 of each round's samples without linger.</summary>
        public List<double> RoundP50Ms { get; } = [];

        public double P99Ms => Percentile(_latencies, 0.99);

        /// <summary>The p50 of the throughput producer (linger.ms=5), whose batching timer is most of each wait.</summary>
        public double LingeredP50Ms => Percentile(_lingeredLatencies, 0.5);

        public double CpuMsPerMb => Median(_cpuMsPerMb);

        public static async Task<Target> StartAsync(bool proxied)
        {
            var cluster = await KafkaCluster.StartAsync(new ClusterOptions { Proxied = proxied }, TestLog.Progress);
            await cluster.CreateTopicAsync(new TopicSpec(Topic) { Configs = new Dictionary<string, string> { ["min.insync.replicas"] = "2" } });
            var producer = new ProducerBuilder<Null, byte[]>(cluster.Clients.Producer(new Dictionary<string, string>
            {
                ["acks"] = "all", ["linger.ms"] = "5", ["queue.buffering.max.messages"] = "200000",
            })).Build();
            // One message at a time has nothing to batch: a linger would only add its timer to every sample.
            var latencyProducer = new ProducerBuilder<Null, byte[]>(cluster.Clients.Producer(new Dictionary<string, string>
            {
                ["acks"] = "all", ["linger.ms"] = "0",
            })).Build();
            return new Target(cluster, producer, latencyProducer);
        }

        /// <summary>One message at a time, acks=all: without linger (the proxy's added latency), and with the throughput producer's.</summary>
        public async Task MeasureLatencyAsync()
        {
            foreach (var (producer, latencies) in new[] { (_latencyProducer, _latencies), (_producer, _lingeredLatencies) })
            {
                for (var i = 0; i < LatencySamples; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await producer.ProduceAsync(Topic, new Message<Null, byte[]> { Value = _payload });
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }

            RoundP50Ms.Add(Percentile(_latencies[^LatencySamples..], 0.5));
        }

        /// <summary>Pipelined.</summary>
        public void MeasureThroughput()
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < ThroughputMessages; i++)
                _producer.Produce(Topic, new Message<Null, byte[]> { Value = _payload });
            _producer.Flush(TimeSpan.FromMinutes(2));
            var seconds = clock.Elapsed.TotalSeconds;
            Throughput.Add(ThroughputMessages / seconds);
            _cpuMsPerMb.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (ThroughputMessages * (double)MessageBytes / 1_000_000));
        }

        public override string ToString() =>
            $"{MedianThroughput:0} msg/s ({MedianThroughput * MessageBytes / 1_000_000:0.0} MB/s, median of {Rounds}: {string.Join(" ", Throughput.Select(t => t.ToString("0")))}), " +
            $"p50 {P50Ms:0.000} ms, p99 {P99Ms:0.000} ms (with linger.ms=5: p50 {LingeredP50Ms:0.000} ms), test process CPU {CpuMsPerMb:0.00} ms/MB";

        public async ValueTask DisposeAsync()
        {
            _producer.Dispose();
            _latencyProducer.Dispose();
            await _cluster.DisposeAsync();
        }

        private static double Percentile(List<double> latencies, double p)
        {
            var sorted = latencies.Order().ToArray();
            return sorted[(int)(sorted.Length * p)];
        }
    }
}
