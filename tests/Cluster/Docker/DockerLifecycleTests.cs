using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Cluster.Docker;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster.Docker;

/// <summary>Nothing left behind on the Docker backend: not after disposal, not after a SIGKILLed owner (the next start reaps).</summary>
[TestFixture, Category("Integration"), Category("Docker"), NonParallelizable]
internal sealed class DockerLifecycleTests
{
    [Test]
    public async Task After_disposal_no_container_of_the_run_remains()
    {
        using var docker = await DockerDaemon.RequireAsync();
        var cluster = await KafkaCluster.StartAsync(DockerDaemon.Options, TestLog.Progress);
        var mine = await OwnedByAsync(docker, Environment.ProcessId);
        Assert.That(mine.Count(c => c.State == "running"), Is.EqualTo(cluster.UsesKRaft ? 3 : 4), "one container per node");

        await cluster.DisposeAsync();

        Assert.That(await OwnedByAsync(docker, Environment.ProcessId), Is.Empty, "containers left after disposal");
        Assert.That(Directory.Exists(cluster.RunDirectory), Is.False, "run directory removed");
    }

    [Test]
    public async Task Containers_of_a_sigkilled_owner_are_reaped_by_the_next_start()
    {
        using var docker = await DockerDaemon.RequireAsync();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chaos.dll"));
        foreach (var argument in new[] { "cluster", "--backend", "docker" }) info.ArgumentList.Add(argument);
        if (DockerDaemon.Options.Image is { } image) { info.ArgumentList.Add("--image"); info.ArgumentList.Add(image); }
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
        var orphans = await OwnedByAsync(docker, owner.Id);
        Assert.That(orphans, Is.Not.Empty);

        owner.Kill(); // SIGKILL: no handler runs, the containers are orphaned
        await owner.WaitForExitAsync();
        Assert.That((await OwnedByAsync(docker, owner.Id)).Count(c => c.State == "running"), Is.EqualTo(orphans.Count),
            "the containers outlive a SIGKILLed owner until reaped");

        await using (await KafkaCluster.StartAsync(DockerDaemon.Options, TestLog.Progress))
        {
            Assert.That(await OwnedByAsync(docker, owner.Id), Is.Empty, "containers of the killed owner were reaped");
        }
    }

    private static async Task<List<global::Docker.DotNet.Models.ContainerListResponse>> OwnedByAsync(global::Docker.DotNet.IDockerClient docker, int pid) =>
        (await DockerDaemon.ContainersAsync(docker))
            .Where(c => DockerDaemon.Label(c.Labels, ContainerLabels.Owner)?.StartsWith($"{pid} ", StringComparison.Ordinal) == true).ToList();
}
