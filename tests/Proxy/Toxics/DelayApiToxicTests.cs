using System.Diagnostics;
using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

public sealed class DelayApiToxicTests
{
    [Test]
    public async Task Only_the_given_api_is_delayed()
    {
        await using var broker = new FakeKafkaUpstream();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.DelayApi([KafkaFrames.Metadata], 300));
        using var delayed = await ProxyHarness.ConnectAsync(proxy);
        using var other = await ProxyHarness.ConnectAsync(proxy);

        var watch = Stopwatch.StartNew();
        await delayed.SendAsync(KafkaFrames.Request(KafkaFrames.Metadata, 1, 1, "c", [0, 0, 0, 0]));
        await other.SendAsync(KafkaFrames.Request(KafkaFrames.ApiVersions, 0, 2, "c", []));
        var otherResponse = await KafkaFrames.ReadFrameAsync(other).Within();
        var otherElapsed = watch.Elapsed;
        var delayedResponse = await KafkaFrames.ReadFrameAsync(delayed).Within();

        Assert.That(KafkaFrames.CorrelationIdOfResponse(otherResponse!), Is.EqualTo(2));
        Assert.That(KafkaFrames.CorrelationIdOfResponse(delayedResponse!), Is.EqualTo(1));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280)));
        Assert.That(broker.Received.First().CorrelationId, Is.EqualTo(2), "the undelayed request reached the broker first");
        TestContext.Out.WriteLine($"undelayed round trip {otherElapsed.TotalMilliseconds:F1} ms");
    }
}
