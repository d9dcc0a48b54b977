using KafkaChaos.Cluster;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster.Docker;

/// <summary>Figures, not assertions: cold start to ready and leader kill to new leader, Docker vs processes, in one run.</summary>
[TestFixture, Explicit("benchmark"), Category("Benchmark"), Category("Docker"), NonParallelizable]
internal sealed class BackendBenchmark
{
    private const int Rounds = 2;

    [Test]
    public async Task Cold_start_and_leader_failover_docker_vs_process()
    {
        (await DockerDaemon.RequireAsync()).Dispose();
        foreach (var backend in new[] { ClusterBackend.Process, ClusterBackend.Docker })
        {
            var (starts, failovers) = await FailoverRounds.MeasureAsync(DockerDaemon.Options with { Backend = backend }, Rounds);
            FailoverRounds.Report($"{backend}: cold start to ready, median", starts, "s");
            FailoverRounds.Report($"{backend}: leader SIGKILL to new leader, median", failovers, "s");
        }
    }
}
