using KafkaChaos.Cluster;
using NUnit.Framework;

namespace KafkaChaos.Tests.Support;

/// <summary>
/// A fixture whose tests share one real cluster with default options: started once before the first test, stopped
/// (every process gone) after the last. Its tests run one at a time, since they share the brokers.
/// </summary>
[NonParallelizable]
internal abstract class ClusterFixture
{
    /// <summary>The running cluster (after <see cref="StartClusterAsync"/>).</summary>
    protected KafkaCluster Cluster { get; private set; } = null!;

    /// <summary>The cluster's options: the defaults unless a fixture says otherwise.</summary>
    protected virtual ClusterOptions Options => new();

    [OneTimeSetUp]
    public async Task StartClusterAsync() => Cluster = await KafkaCluster.StartAsync(Options, TestLog.Progress);

    [OneTimeTearDown]
    public async Task StopClusterAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
    }
}
