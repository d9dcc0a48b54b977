using System.Net.Sockets;
using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Kafka;

/// <summary>Random and truncated frames through a real Kafka proxy with Kafka toxics installed: the proxy survives
/// and a well-behaved connection alongside keeps getting its responses.</summary>
internal sealed class KafkaProxyFuzzTests
{
    [Test]
    public async Task Garbage_connections_never_disturb_a_good_one()
    {
        await using var echo = new EchoServer();
        await using var broker = new FakeKafkaUpstream();
        await using var harness = await ProxyHarness.StartAsync();
        var garbageProxy = await harness.CreateAsync(echo.Address, ProxyProtocol.Kafka, name: "garbage");
        var goodProxy = await harness.CreateAsync(broker.Address, ProxyProtocol.Kafka, name: "good");
        foreach (var name in new[] { garbageProxy.Name, goodProxy.Name })
        {
            await harness.Client.AddToxicAsync(name, ToxicSpec.DelayApi([KafkaFrames.Metadata], 1));
            await harness.Client.AddToxicAsync(name, ToxicSpec.StallReplicaFetch([99]));
            await harness.Client.AddToxicAsync(name, ToxicSpec.DropResponse([KafkaFrames.Produce], count: 1_000_000) with { Toxicity = 0.0 });
        }

        using var good = await ProxyHarness.ConnectAsync(goodProxy);
        var random = new Random(ProxyHarness.Seed);
        TestContext.Out.WriteLine($"seed {ProxyHarness.Seed}");
        for (var round = 0; round < 40; round++)
        {
            using (var bad = await ProxyHarness.ConnectAsync(random.Next(2) == 0 ? garbageProxy : goodProxy))
            {
                var stream = KafkaFrameSplitterTests.RandomStream(random);
                for (var offset = 0; offset < stream.Length;)
                {
                    var take = Math.Min(stream.Length - offset, random.Next(1, 50));
                    await bad.SendAsync(stream.AsMemory(offset, take));
                    offset += take;
                }

                if (random.Next(2) == 0)
                {
                    bad.LingerState = new LingerOption(true, 0);
                }
            }

            await good.SendAsync(KafkaFrames.FetchRequest(round, replicaId: -1));
            var response = await KafkaFrames.ReadFrameAsync(good).Within();
            Assert.That(KafkaFrames.CorrelationIdOfResponse(response!), Is.EqualTo(round));
        }

        Assert.That((await harness.Client.GetProxiesAsync()).Values.All(p => p.Enabled));
    }

    [Test]
    public async Task Frames_cut_anywhere_arrive_intact_while_toxics_come_and_go()
    {
        // Headers split across reads (held and put in front of the next read), long client ids and whole Fetch
        // v15 requests (held past the buffer's front), and reads that switch between the fast and toxic paths.
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(echo.Address, ProxyProtocol.Kafka);
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var random = new Random(ProxyHarness.Seed);
        TestContext.Out.WriteLine($"seed {ProxyHarness.Seed}");
        using var stream = new MemoryStream();
        for (var i = 0; i < 400; i++)
        {
            stream.Write(random.Next(4) switch
            {
                0 => KafkaFrames.ProduceRequest(i, 1, random.Next(0, 300_000)),
                1 => KafkaFrames.Request(KafkaFrames.Metadata, 1, i, new string('c', random.Next(0, 20_000)), new byte[random.Next(0, 100)]),
                2 => KafkaFrames.FetchV15Request(i, random.Next(2) == 0 ? null : 2, partitions: random.Next(1, 2000)),
                _ => KafkaFrames.FetchRequest(i, -1),
            });
        }

        var data = stream.ToArray();
        var send = Task.Run(async () =>
        {
            for (var offset = 0; offset < data.Length;)
            {
                var take = Math.Min(data.Length - offset, random.Next(2) == 0 ? random.Next(1, 20) : random.Next(1, 400_000));
                await socket.SendAsync(data.AsMemory(offset, take));
                offset += take;
                if (random.Next(20) == 0)
                {
                    await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Latency(1, stream: ToxicSpec.Upstream) with { Name = "l" });
                    await Task.Delay(random.Next(0, 5));
                    await harness.Client.RemoveToxicAsync(proxy.Name, "l");
                }
            }

            socket.Shutdown(SocketShutdown.Send);
        });
        var (received, reset) = await socket.ReceiveToEndAsync();
        await send.Within(TimeSpan.FromSeconds(60));

        Assert.That(reset, Is.False);
        Assert.That(received.Length, Is.EqualTo(data.Length));
        Assert.That(received.AsSpan().SequenceEqual(data), Is.True, "bytes changed or reordered");
    }
}
