using System.Diagnostics;
using Confluent.Kafka;
using KafkaChaos.Fixtures;
using NUnit.Framework;

namespace KafkaChaos.Tests.Fixtures;

/// <summary>Two fixtures in one test process: their own ports, run directories, proxies and ledgers; a fault on one
/// leaves the other alone; disposal removes each one's processes and run directory.</summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class ConcurrentClustersTests
{
    [Test]
    public async Task Two_clusters_in_one_process_do_not_collide_and_disposal_removes_what_each_started()
    {
        var options = new ChaosClusterOptions { Brokers = 2, StartupTimeout = TimeSpan.FromMinutes(3) };
        var started = await Task.WhenAll(ChaosCluster.StartAsync(options), ChaosCluster.StartAsync(options));
        var (a, b) = (started[0], started[1]);
        int[] pids;
        try
        {
            Assert.That(a.BootstrapServers.Split(',').Intersect(b.BootstrapServers.Split(',')), Is.Empty, "distinct broker addresses");
            Assert.That(a.RunDirectory, Is.Not.EqualTo(b.RunDirectory));
            pids = JavaPidsUnder(a.RunDirectory).Concat(JavaPidsUnder(b.RunDirectory)).ToArray();
            Assert.That(pids, Is.Not.Empty, "pid files of the JVMs each cluster started");

            // The same topic name on both, each with its own ledger: a pause of a broker of one does not reach the other.
            await Task.WhenAll(a.CreateTopicAsync("shared", replicationFactor: 2), b.CreateTopicAsync("shared", replicationFactor: 2));
            var reports = await Task.WhenAll(SendAndCheckAsync(a, 20), SendAndCheckAsync(b, 30));
            Assert.That(reports[0].Counts.Acked, Is.EqualTo(20));
            Assert.That(reports[1].Counts.Acked, Is.EqualTo(30));
            reports[0].AssertClean();
            reports[1].AssertClean();

            // Not the controller: a 0.9 controller whose ZooKeeper session expires while paused can deadlock (KAFKA-4360)
            // and never register again, as a DockerClusterTests CI run saw; ClusterTests avoids it the same way.
            var controller = await a.Inner.GetControllerAsync();
            var paused = a.BrokerIds.First(id => id != controller);
            await using (var pause = await a.Faults.PauseBrokerAsync(paused))
            {
                Assert.That(pause.Description, Does.Contain($"broker {paused}"));
                (await SendAndCheckAsync(b, 10, "other")).AssertClean();
            }
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
        Assert.That(Directory.Exists(a.RunDirectory) || Directory.Exists(b.RunDirectory), Is.False, "run directories removed");
        Assert.That(pids.Where(Alive), Is.Empty, "every JVM of both clusters stopped");
    }

    private static async Task<LedgerReport> SendAndCheckAsync(ChaosCluster cluster, int messages, string topic = "shared")
    {
        if (topic != "shared") await cluster.CreateTopicAsync(topic, replicationFactor: 2);
        var ledger = new ChaosLedger(cluster, topic);
        using (var producer = ledger.Track(new ProducerBuilder<Null, string>(cluster.ProducerConfig(new() { Acks = Acks.All })).Build()))
        {
            for (var i = 0; i < messages; i++) await producer.ProduceAsync(topic, new Message<Null, string> { Value = $"{cluster.BootstrapServers}/{i}" });
        }
        return await ledger.CheckAsync();
    }

    private static IEnumerable<int> JavaPidsUnder(string runDirectory) =>
        Directory.EnumerateFiles(runDirectory, "jvm.pid", SearchOption.AllDirectories)
            .Select(f => int.Parse(File.ReadAllText(f).Trim()));

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
