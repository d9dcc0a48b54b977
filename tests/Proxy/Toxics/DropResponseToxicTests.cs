using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class DropResponseToxicTests
{
    [Test]
    public async Task Produce_reaches_the_broker_its_response_is_swallowed_and_the_connection_cut()
    {
        await using var broker = new FakeKafkaUpstream();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.DropResponse([KafkaFrames.Produce], count: 1));
        Assert.That(toxic.Stream, Is.EqualTo("downstream"));
        using var socket = await ProxyHarness.ConnectAsync(proxy);

        // A Metadata request first: not matching, answered normally.
        await socket.SendAsync(KafkaFrames.Request(KafkaFrames.Metadata, 1, 1, "producer-1", [0, 0, 0, 0]));
        Assert.That(KafkaFrames.CorrelationIdOfResponse((await KafkaFrames.ReadFrameAsync(socket).Within())!), Is.EqualTo(1));

        await socket.SendAsync(KafkaFrames.ProduceRequest(2, acks: -1));
        var (rest, _) = await socket.ReceiveToEndAsync();

        Assert.That(rest, Is.Empty, "no byte of the Produce response may reach the client");
        Assert.That(broker.Received.Select(r => (r.ApiKey, r.CorrelationId)), Is.EqualTo(new (short, int)[] { (3, 1), (0, 2) }));
        Assert.That((await harness.Client.GetToxicAsync(proxy.Name, toxic.Name)).Uses, Is.EqualTo(1), "uses is visible through the API");
    }

    [Test]
    public async Task Count_limits_drops_across_connections()
    {
        await using var broker = new FakeKafkaUpstream();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.DropResponse([KafkaFrames.Produce], count: 1));

        using (var first = await ProxyHarness.ConnectAsync(proxy))
        {
            await first.SendAsync(KafkaFrames.ProduceRequest(1, acks: 1));
            Assert.That((await first.ReceiveToEndAsync()).Data, Is.Empty);
        }

        using var second = await ProxyHarness.ConnectAsync(proxy);
        await second.SendAsync(KafkaFrames.ProduceRequest(2, acks: 1));
        Assert.That(KafkaFrames.CorrelationIdOfResponse((await KafkaFrames.ReadFrameAsync(second).Within())!), Is.EqualTo(2));
    }

    [Test]
    public async Task Large_response_split_across_reads_is_swallowed_whole()
    {
        await using var broker = new FakeKafkaUpstream { ResponseFillerBytes = 200_000 };
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.DropResponse([KafkaFrames.Fetch], count: 0));
        using var socket = await ProxyHarness.ConnectAsync(proxy);

        await socket.SendAsync(KafkaFrames.FetchRequest(7, -1));

        Assert.That((await socket.ReceiveToEndAsync()).Data, Is.Empty);
    }
}
