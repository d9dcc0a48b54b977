using System.Net.Sockets;
using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Kafka;

/// <summary>Random and truncated frames through a real Kafka proxy with Kafka toxics installed: the proxy survives
/// and a well-behaved connection alongside keeps getting its responses.</summary>
public sealed class KafkaProxyFuzzTests
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
}
