using KafkaChaos.Cluster;
using KafkaChaos.Faults;
using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Faults;

internal sealed class FaultTargetsTests
{
    private static readonly IReadOnlyList<int> Brokers = [1, 2, 3];
    private static readonly PartitionState LeaderTwo = new("t", 0, 2, [2, 3, 1], [2, 1]);
    private static readonly PartitionState NoLeader = new("t", 0, -1, [1, 2, 3], [1]);

    [TestCase(FaultKind.LeaderKill, ExpectedResult = new[] { 2 })]
    [TestCase(FaultKind.BrokerKill, ExpectedResult = new[] { 2 })]
    [TestCase(FaultKind.BrokerPause, ExpectedResult = new[] { 2 })]
    [TestCase(FaultKind.IsolateBroker, ExpectedResult = new[] { 2 })]
    [TestCase(FaultKind.NetworkCutAfterAppend, ExpectedResult = new[] { 2 })]
    [TestCase(FaultKind.DropProduceRequest, ExpectedResult = new[] { 2 })]
    [TestCase(FaultKind.StallReplicaFetch, ExpectedResult = new[] { 1, 3 })]
    [TestCase(FaultKind.FollowerOutOfIsr, ExpectedResult = new[] { 1, 3 })]
    [TestCase(FaultKind.BrokersUnreachable, ExpectedResult = new[] { 1, 2, 3 })]
    [TestCase(FaultKind.ConnectionBlip, ExpectedResult = new[] { 1, 2, 3 })]
    public int[] Default_target_is_the_kinds_natural_one(FaultKind kind) =>
        FaultTargets.Resolve(kind, FaultTarget.Default, LeaderTwo, Brokers).ToArray();

    [Test]
    public void Roles_resolve_against_the_given_state_lowest_ids_first()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FaultTargets.Resolve(FaultKind.BrokerKill, new FaultTarget(TargetKind.Leader), LeaderTwo, Brokers), Is.EqualTo(new[] { 2 }));
            Assert.That(FaultTargets.Resolve(FaultKind.BrokerKill, new FaultTarget(TargetKind.Followers), LeaderTwo, Brokers), Is.EqualTo(new[] { 1, 3 }));
            Assert.That(FaultTargets.Resolve(FaultKind.BrokerKill, new FaultTarget(TargetKind.Followers, Count: 1), LeaderTwo, Brokers), Is.EqualTo(new[] { 1 }));
            Assert.That(FaultTargets.Resolve(FaultKind.BrokerKill, new FaultTarget(TargetKind.Isr), LeaderTwo, Brokers), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(FaultTargets.Resolve(FaultKind.BrokerKill, new FaultTarget(TargetKind.AllBrokers, Count: 2), LeaderTwo, Brokers), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(FaultTargets.Resolve(FaultKind.BrokerKill, new FaultTarget(TargetKind.Broker, Index: 3), LeaderTwo, Brokers), Is.EqualTo(new[] { 3 }));
        });
    }

    [Test]
    public void All_brokers_and_one_broker_need_no_leader_but_leader_roles_do()
    {
        Assert.That(FaultTargets.Resolve(FaultKind.BrokersUnreachable, FaultTarget.Default, NoLeader, Brokers), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(FaultTargets.Resolve(FaultKind.BrokerPause, new FaultTarget(TargetKind.Broker, Index: 1), NoLeader, Brokers), Is.EqualTo(new[] { 1 }));
        Assert.Throws<InvalidOperationException>(() => FaultTargets.Resolve(FaultKind.LeaderKill, FaultTarget.Default, NoLeader, Brokers));
        Assert.Throws<InvalidOperationException>(() => FaultTargets.Resolve(FaultKind.BrokerKill, new FaultTarget(TargetKind.Followers), NoLeader, Brokers));
    }

    [Test]
    public void Unknown_brokers_and_worker_targets_are_refused()
    {
        Assert.Throws<ArgumentException>(() => FaultTargets.Resolve(FaultKind.BrokerKill, new FaultTarget(TargetKind.Broker, Index: 4), LeaderTwo, Brokers));
        Assert.Throws<ArgumentException>(() => FaultTargets.Resolve(FaultKind.BrokerKill, new FaultTarget(TargetKind.Broker), LeaderTwo, Brokers));
        Assert.Throws<ArgumentException>(() => FaultTargets.Resolve(FaultKind.BrokerKill, new FaultTarget(TargetKind.Consumer, Index: 0), LeaderTwo, Brokers));
        Assert.Throws<ArgumentException>(() => FaultTargets.Resolve(FaultKind.BrokerKill, new FaultTarget(TargetKind.Group, Group: "g"), LeaderTwo, Brokers));
        Assert.Throws<ArgumentException>(() => FaultTargets.Resolve(FaultKind.LeaderKill, new FaultTarget(TargetKind.Followers), LeaderTwo, Brokers), "leaderKill is the leader's");
        Assert.That(FaultTargets.Resolve(FaultKind.LeaderKill, new FaultTarget(TargetKind.Leader, Partition: 1), LeaderTwo, Brokers), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void Stalls_hold_followers_only()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FaultTargets.ResolveFollowers(FaultKind.StallReplicaFetch, FaultTarget.Default, LeaderTwo, Brokers), Is.EqualTo(new[] { 1, 3 }));
            Assert.That(FaultTargets.ResolveFollowers(FaultKind.FollowerOutOfIsr, new FaultTarget(TargetKind.Followers, Count: 1), LeaderTwo, Brokers), Is.EqualTo(new[] { 1 }));
            Assert.That(FaultTargets.ResolveFollowers(FaultKind.StallReplicaFetch, new FaultTarget(TargetKind.Isr), LeaderTwo, Brokers), Is.EqualTo(new[] { 1 }), "the ISR minus its leader");
            Assert.That(FaultTargets.ResolveFollowers(FaultKind.StallReplicaFetch, new FaultTarget(TargetKind.AllBrokers), LeaderTwo, Brokers), Is.EqualTo(new[] { 1, 3 }));
            Assert.That(FaultTargets.ResolveFollowers(FaultKind.StallReplicaFetch, new FaultTarget(TargetKind.Broker, Index: 3), LeaderTwo, Brokers), Is.EqualTo(new[] { 3 }));
        });
        Assert.Throws<ArgumentException>(() => FaultTargets.ResolveFollowers(FaultKind.StallReplicaFetch, new FaultTarget(TargetKind.Leader), LeaderTwo, Brokers));
        Assert.Throws<ArgumentException>(() => FaultTargets.ResolveFollowers(FaultKind.StallReplicaFetch, new FaultTarget(TargetKind.Broker, Index: 2), LeaderTwo, Brokers));
        Assert.Throws<InvalidOperationException>(() => FaultTargets.ResolveFollowers(FaultKind.StallReplicaFetch, FaultTarget.Default, NoLeader, Brokers));
        Assert.Throws<InvalidOperationException>(() => FaultTargets.ResolveFollowers(FaultKind.StallReplicaFetch, FaultTarget.Default, new PartitionState("t", 0, 1, [1], [1]), Brokers));
    }
}
