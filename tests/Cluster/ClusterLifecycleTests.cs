using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using KafkaChaos.Cluster;
using KafkaChaos.Provisioning;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster;

/// <summary>Start, dispose, reap and fail: no orphan JVM, and a clear error instead of a hang.</summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class ClusterLifecycleTests
{
    [Test]
    public async Task After_disposal_no_process_of_the_run_remains()
    {
        var cluster = await KafkaCluster.StartAsync(new ClusterOptions(), TestLog.Progress);
        var pids = RunPids(cluster.RunDirectory);
        Assert.That(pids, Has.Count.EqualTo(4), "ZooKeeper and 3 brokers");

        await cluster.DisposeAsync();

        Assert.That(pids.Where(ProcessExists), Is.Empty, "JVMs still alive after disposal");
        Assert.That(Directory.Exists(cluster.RunDirectory), Is.False, "run directory removed");
    }

    [Test]
    public async Task A_kept_run_directory_outlives_the_next_start()
    {
        var kept = await KafkaCluster.StartAsync(new ClusterOptions { KeepRunDirectory = true }, TestLog.Progress);
        var pids = RunPids(kept.RunDirectory);
        await kept.DisposeAsync();
        try
        {
            Assert.That(pids.Where(ProcessExists), Is.Empty, "a kept run still stops every JVM");
            await using (await KafkaCluster.StartAsync(new ClusterOptions(), TestLog.Progress))
            {
                Assert.That(Path.Combine(kept.RunDirectory, "broker-1", "logs", "server.log"), Does.Exist,
                    "the next start reaps runs of dead owners, but not one kept for its logs");
            }
        }
        finally
        {
            Directory.Delete(kept.RunDirectory, recursive: true);
        }
    }

    [Test]
    public async Task A_cluster_whose_owner_was_sigkilled_is_reaped_by_the_next_start()
    {
        var chaos = Path.Combine(AppContext.BaseDirectory, "chaos.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(chaos);
        info.ArgumentList.Add("cluster");
        using var owner = Process.Start(info)!;
        owner.ErrorDataReceived += (_, e) => { if (e.Data is not null) TestLog.Progress.WriteLine($"[owner] {e.Data}"); };
        owner.BeginErrorReadLine();
        string? ready;
        do
        {
            ready = await owner.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }
        while (ready is not null && !ready.StartsWith("ready ", StringComparison.Ordinal));
        Assert.That(ready, Is.Not.Null, "the owner exited before its cluster was ready");
        var runDirectory = Regex.Match(ready!, @"run=(\S+)").Groups[1].Value;
        var pids = RunPids(runDirectory);
        Assert.That(pids, Has.Count.EqualTo(4));

        owner.Kill(); // SIGKILL: no handler runs, the JVMs are orphaned
        await owner.WaitForExitAsync();
        Assert.That(pids.All(ProcessExists), Is.True, "the JVMs outlive a SIGKILLed owner until reaped");

        await using (await KafkaCluster.StartAsync(new ClusterOptions(), TestLog.Progress))
        {
            Assert.That(pids.Where(ProcessExists), Is.Empty, "orphans of the killed owner were reaped");
            Assert.That(Directory.Exists(runDirectory), Is.False, "the stale run directory was removed");
        }
    }

    [Test]
    public async Task A_broker_that_cannot_bind_its_port_fails_the_start_with_its_log_tail()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var options = new ClusterOptions
        {
            Brokers = 1,
            BrokerOverrides = new Dictionary<string, string> { ["listeners"] = $"PLAINTEXT://127.0.0.1:{taken}" },
        };

        var error = await Assert.ThrowsAsync<ClusterStartException>(async () => await KafkaCluster.StartAsync(options, TestLog.Progress));

        Assert.That(error!.Message, Does.Contain("Broker 1 exited").And.Contain("Address already in use"));
        Assert.That(OrphanJvms(), Is.Empty);
    }

    [Test]
    public void A_directory_that_is_not_a_kafka_distribution_is_a_clear_error()
    {
        var empty = Directory.CreateTempSubdirectory("not-kafka-").FullName;
        try
        {
            Assert.That(async () => await KafkaCluster.StartAsync(new ClusterOptions { KafkaHome = empty }),
                Throws.TypeOf<ProvisioningException>().With.Message.Contains("not a usable Kafka distribution"));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Test]
    public void Missing_java_is_a_clear_error_naming_the_fix()
    {
        var saved = Environment.GetEnvironmentVariable("JAVA_HOME");
        Environment.SetEnvironmentVariable("JAVA_HOME", "/nonexistent-java");
        try
        {
            Assert.That(async () => await KafkaCluster.StartAsync(new ClusterOptions()),
                Throws.TypeOf<ProvisioningException>().With.Message.Contains("Java is required").And.Message.Contains("apt-get install"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("JAVA_HOME", saved);
        }
    }

    private static List<int> RunPids(string runDirectory) =>
        Directory.EnumerateFiles(runDirectory, "jvm.pid", SearchOption.AllDirectories).Select(f => int.Parse(File.ReadAllText(f))).ToList();

    private static bool ProcessExists(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");

    private static List<int> OrphanJvms() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(n => int.TryParse(n, out var pid) ? pid : -1)
            .Where(pid => pid > 0 && pid != Environment.ProcessId)
            .Where(pid =>
            {
                try { return File.ReadAllText($"/proc/{pid}/cmdline").Contains(CachePaths.Default.Runs) && ProcessExists(pid); }
                catch (IOException) { return false; }
            }).ToList();
}
