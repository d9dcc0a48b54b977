using System.Diagnostics;
using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class StallReplicaFetchToxicTests
{
    [Test]
    public async Task Follower_fetches_are_held_consumer_fetches_pass_and_removal_releases_in_order()
    {
        await using var broker = new FakeKafkaUpstream();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.StallReplicaFetch([2]));
        Assert.That(toxic.Stream, Is.EqualTo("upstream"));
        using var follower = await ProxyHarness.ConnectAsync(proxy);
        using var otherFollower = await ProxyHarness.ConnectAsync(proxy);
        using var consumer = await ProxyHarness.ConnectAsync(proxy);

        await follower.SendAsync((byte[])[.. KafkaFrames.FetchRequest(1, replicaId: 2), .. KafkaFrames.FetchRequest(2, replicaId: 2)]);
        await harness.WaitForUsesAsync(proxy.Name, toxic.Name, 1);

        await consumer.SendAsync(KafkaFrames.FetchRequest(10, replicaId: -1));
        Assert.That(KafkaFrames.CorrelationIdOfResponse((await KafkaFrames.ReadFrameAsync(consumer).Within())!), Is.EqualTo(10));
        await otherFollower.SendAsync(KafkaFrames.FetchRequest(20, replicaId: 3));
        Assert.That(KafkaFrames.CorrelationIdOfResponse((await KafkaFrames.ReadFrameAsync(otherFollower).Within())!), Is.EqualTo(20));
        Assert.That(broker.Received.Select(r => r.CorrelationId), Is.EquivalentTo(new[] { 10, 20 }), "held fetches must not reach the broker");

        await harness.Client.RemoveToxicAsync(proxy.Name, toxic.Name);

        Assert.That(KafkaFrames.CorrelationIdOfResponse((await KafkaFrames.ReadFrameAsync(follower).Within())!), Is.EqualTo(1));
        Assert.That(KafkaFrames.CorrelationIdOfResponse((await KafkaFrames.ReadFrameAsync(follower).Within())!), Is.EqualTo(2));
    }

    [Test]
    public async Task Fetch_v15_followers_are_recognised_by_their_replica_state()
    {
        await using var broker = new FakeKafkaUpstream();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.StallReplicaFetch([1]));
        using var follower = await ProxyHarness.ConnectAsync(proxy);
        using var consumer = await ProxyHarness.ConnectAsync(proxy);

        await follower.SendAsync(KafkaFrames.FetchV15Request(1, replicaId: 1));
        await harness.WaitForUsesAsync(proxy.Name, toxic.Name, 1);
        await consumer.SendAsync(KafkaFrames.FetchV15Request(2, replicaId: null));
        Assert.That(KafkaFrames.CorrelationIdOfResponse((await KafkaFrames.ReadFrameAsync(consumer).Within())!), Is.EqualTo(2));
        Assert.That(broker.Received.Select(r => r.CorrelationId), Is.EqualTo(new[] { 2 }));

        await harness.Client.RemoveToxicAsync(proxy.Name, toxic.Name);
        Assert.That(KafkaFrames.CorrelationIdOfResponse((await KafkaFrames.ReadFrameAsync(follower).Within())!), Is.EqualTo(1));
    }

    [Test]
    public async Task Absent_replica_ids_hold_every_follower_for_the_duration()
    {
        await using var broker = new FakeKafkaUpstream();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka);
        var watch = Stopwatch.StartNew();
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.StallReplicaFetch([], durationMs: 300));
        using var follower = await ProxyHarness.ConnectAsync(proxy);

        await follower.SendAsync(KafkaFrames.FetchRequest(1, replicaId: 0));
        var response = await KafkaFrames.ReadFrameAsync(follower).Within();

        Assert.That(KafkaFrames.CorrelationIdOfResponse(response!), Is.EqualTo(1));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280)));
    }
}
