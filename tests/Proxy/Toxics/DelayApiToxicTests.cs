using System.Diagnostics;
using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class DelayApiToxicTests
{
    [Test]
    public async Task Matching_requests_reach_the_broker_no_earlier_than_the_delay()
    {
        await using var broker = new FakeKafkaUpstream();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.DelayApi([KafkaFrames.Metadata], 300));
        using var socket = await ProxyHarness.ConnectAsync(proxy);

        var watch = Stopwatch.StartNew();
        await socket.SendAsync(KafkaFrames.Request(KafkaFrames.Metadata, 1, 1, "c", [0, 0, 0, 0]));
        var response = await KafkaFrames.ReadFrameAsync(socket).Within();

        Assert.That(KafkaFrames.CorrelationIdOfResponse(response!), Is.EqualTo(1));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280)));
    }

    [Test]
    public async Task Other_apis_pass_while_matching_ones_wait_and_removal_releases_them()
    {
        await using var broker = new FakeKafkaUpstream();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.DelayApi([KafkaFrames.Metadata], 600_000));
        using var delayed = await ProxyHarness.ConnectAsync(proxy);
        using var other = await ProxyHarness.ConnectAsync(proxy);

        await delayed.SendAsync(KafkaFrames.Request(KafkaFrames.Metadata, 1, 1, "c", [0, 0, 0, 0]));
        await harness.WaitForUsesAsync(proxy.Name, toxic.Name, 1);
        await other.SendAsync(KafkaFrames.Request(KafkaFrames.ApiVersions, 0, 2, "c", []));
        var otherResponse = await KafkaFrames.ReadFrameAsync(other).Within();

        Assert.That(KafkaFrames.CorrelationIdOfResponse(otherResponse!), Is.EqualTo(2));
        Assert.That(broker.Received.Select(r => r.CorrelationId), Is.EqualTo(new[] { 2 }), "the Metadata request is still held");

        await harness.Client.RemoveToxicAsync(proxy.Name, toxic.Name);
        var delayedResponse = await KafkaFrames.ReadFrameAsync(delayed).Within();
        Assert.That(KafkaFrames.CorrelationIdOfResponse(delayedResponse!), Is.EqualTo(1));
    }
}
