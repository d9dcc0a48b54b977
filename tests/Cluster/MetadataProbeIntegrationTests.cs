using KafkaChaos.Cluster;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster;

/// <summary>The negotiated probe against the real cluster this machine runs (Kafka 0.9.0.1, which has no
/// ApiVersions): it must fall back to Metadata v0 and read leaders and ISRs.</summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class MetadataProbeIntegrationTests
{
    private KafkaCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartClusterAsync() => _cluster = await KafkaCluster.StartAsync(new ClusterOptions { Proxied = false }, TestLog.Progress);

    [OneTimeTearDown]
    public async Task StopClusterAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    [Test]
    public async Task Every_broker_is_asked_with_the_version_it_serves_and_describes_the_cluster()
    {
        var topic = $"probe-{Guid.NewGuid():N}";
        await _cluster.CreateTopicAsync(new TopicSpec(topic) { ReplicationFactor = 3 });
        var expectedVersion = _cluster.KafkaVersion < new Version(0, 10) ? 0 : -1;
        foreach (var broker in _cluster.Brokers)
        {
            // Each broker learns of the topic from the controller in its own time: wait, bounded, until it lists it.
            MetadataProbe.Result result;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                result = await MetadataProbe.QueryAsync(broker.Address.ListenPort, [topic], TimeSpan.FromSeconds(10), _cluster.KafkaVersion, deadline.Token);
                if (result.TopicErrors.GetValueOrDefault(topic, (short)-1) == 0 && result.Partitions.Any(p => p.HasLeader)) break;
                await Task.Delay(100, deadline.Token);
            }

            TestContext.Out.WriteLine($"broker {broker.Id}: Metadata v{result.ApiVersion}, {string.Join("; ", result.Partitions)}");
            if (expectedVersion >= 0) Assert.That(result.ApiVersion, Is.EqualTo(expectedVersion), $"Kafka {_cluster.KafkaVersion}");
            else Assert.That(result.ApiVersion, Is.GreaterThan(0), $"Kafka {_cluster.KafkaVersion} has ApiVersions");
            Assert.That(result.Brokers, Is.EqualTo(_cluster.Brokers.Select(b => b.Id).Order()));
            var partition = result.Partitions.Single();
            Assert.That(partition.HasLeader, Is.True);
            Assert.That(partition.Isr, Is.EquivalentTo(partition.Replicas));
        }
    }

    [Test]
    public async Task The_cluster_lists_its_brokers_through_the_probe() =>
        Assert.That(await _cluster.GetRegisteredBrokersAsync(), Is.EqualTo(_cluster.Brokers.Select(b => b.Id).Order()));
}
