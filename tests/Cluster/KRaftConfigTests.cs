using KafkaChaos.Cluster;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster;

/// <summary>The generated KRaft configuration for 3.9 and 4.1, against the KRaft docs of 4.x: combined roles, a
/// static quorum (controller.quorum.voters, never controller.quorum.bootstrap.servers, which would make it dynamic
/// and need --standalone/--initial-controllers at format time), the controller listener named, listed and mapped.</summary>
internal sealed class KRaftConfigTests
{
    private static readonly IReadOnlyList<BrokerAddress> Nodes =
        [new(1, 9101, 9201, 9301, ""), new(2, 9102, 9202, 9302, ""), new(3, 9103, 9203, 9303, "")];

    [TestCase("3.9.1")]
    [TestCase("4.1.0")]
    public void Static_quorum_with_a_named_controller_listener(string version)
    {
        var p = ServerConfig.ForBroker(Version.Parse(version), Nodes[1], Nodes, "/data/2", FailoverTuning.Fast, new Dictionary<string, string>());

        Assert.Multiple(() =>
        {
            Assert.That(p["process.roles"], Is.EqualTo("broker,controller"));
            Assert.That(p["node.id"], Is.EqualTo("2"));
            Assert.That(p["controller.quorum.voters"], Is.EqualTo("1@127.0.0.1:9301,2@127.0.0.1:9302,3@127.0.0.1:9303"));
            Assert.That(p, Does.Not.ContainKey("controller.quorum.bootstrap.servers"));
            Assert.That(p["controller.listener.names"], Is.EqualTo("CONTROLLER"));
            Assert.That(p["listeners"], Does.Contain("CONTROLLER://127.0.0.1:9302"));
            Assert.That(p["advertised.listeners"], Does.Not.Contain("CONTROLLER"), "a controller listener is not advertised to clients");
            Assert.That(p["listener.security.protocol.map"], Does.Contain("CONTROLLER:PLAINTEXT"));
            Assert.That(p["inter.broker.listener.name"], Is.EqualTo("PLAINTEXT"));
            Assert.That(p, Does.Not.ContainKey("eligible.leader.replicas.enable"), "ELR is a feature, not a broker property");
        });
    }

    [TestCase("3.9.1", null)]
    [TestCase("4.0.0", "0 (off: the 4.0 default)")]
    [TestCase("4.1.0", "1 (on: default for new clusters from 4.1)")]
    public void The_report_states_ELR_where_the_version_has_it(string version, string? expected)
    {
        var features = ServerConfig.DescribeFeatures(Version.Parse(version));
        Assert.That(features.GetValueOrDefault("eligible.leader.replicas.version"), Is.EqualTo(expected));
        Assert.That(features["kraft.quorum"], Does.StartWith("static"));
    }

    [Test]
    public void ZooKeeper_mode_states_no_KRaft_features() =>
        Assert.That(ServerConfig.DescribeFeatures(new Version(0, 9, 0, 1)), Is.Empty);
}
