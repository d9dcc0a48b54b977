using KafkaChaos.Cluster;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster;

internal sealed class TopicSpecTests
{
    [Test]
    public void Default_assignment_rotates_the_preferred_leader_over_the_brokers()
    {
        var assignment = new TopicSpec("t") { Partitions = 3 }.ResolveAssignment([1, 2, 3]);
        Assert.That(assignment.Select(r => string.Join(':', r)), Is.EqualTo(new[] { "1:2:3", "2:3:1", "3:1:2" }));
    }

    [Test]
    public void Replication_factor_above_the_broker_count_is_rejected() =>
        Assert.That(() => new TopicSpec("t") { ReplicationFactor = 4 }.ResolveAssignment([1, 2, 3]),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("between 1 and 3"));
}
