using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class DropRequestToxicTests
{
    [Test]
    public async Task Produce_never_reaches_the_broker_and_the_connection_is_cut()
    {
        await using var broker = new FakeKafkaUpstream();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.DropRequest([KafkaFrames.Produce], count: 1));
        Assert.That(toxic.Stream, Is.EqualTo("upstream"));
        using var socket = await ProxyHarness.ConnectAsync(proxy);

        // A Metadata request first: not matching, answered normally.
        await socket.SendAsync(KafkaFrames.Request(KafkaFrames.Metadata, 1, 1, "producer-1", [0, 0, 0, 0]));
        Assert.That(KafkaFrames.CorrelationIdOfResponse((await KafkaFrames.ReadFrameAsync(socket).Within())!), Is.EqualTo(1));

        // Pipelined: the Produce is swallowed and the Metadata behind it dies with the connection.
        await socket.SendAsync((byte[])[.. KafkaFrames.ProduceRequest(2, acks: -1), .. KafkaFrames.Request(KafkaFrames.Metadata, 1, 3, "producer-1", [0, 0, 0, 0])]);
        var (rest, _) = await socket.ReceiveToEndAsync();

        Assert.That(rest, Is.Empty, "no response: the request never reached the broker");
        Assert.That(broker.Received.Select(r => (r.ApiKey, r.CorrelationId)), Is.EqualTo(new (short, int)[] { (3, 1) }));
        Assert.That((await harness.Client.GetToxicAsync(proxy.Name, toxic.Name)).Uses, Is.EqualTo(1), "uses is visible through the API");
    }

    [Test]
    public async Task Count_limits_drops_across_connections_and_a_retry_on_a_new_connection_passes()
    {
        await using var broker = new FakeKafkaUpstream();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.DropRequest([KafkaFrames.Produce], count: 1));

        using (var first = await ProxyHarness.ConnectAsync(proxy))
        {
            await first.SendAsync(KafkaFrames.ProduceRequest(1, acks: 1));
            Assert.That((await first.ReceiveToEndAsync()).Data, Is.Empty);
        }

        using var second = await ProxyHarness.ConnectAsync(proxy);
        await second.SendAsync(KafkaFrames.ProduceRequest(2, acks: 1));
        Assert.That(KafkaFrames.CorrelationIdOfResponse((await KafkaFrames.ReadFrameAsync(second).Within())!), Is.EqualTo(2));
        Assert.That(broker.Received.Select(r => r.CorrelationId), Is.EqualTo(new[] { 2 }), "only the retry reached the broker");
    }
}
