using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Core;
using KafkaChaos.Proxy.Kafka;
using KafkaChaos.Tests.Protocol;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Kafka;

/// <summary>An api key or version outside the proxy's spec table crosses byte for byte, logged once per api/version.</summary>
internal sealed class UnknownVersionForwardingTests
{
    private static byte[] Frame(short apiKey, short version, int correlationId, int bodyBytes) =>
        new SpecBytes().I16(apiKey).I16(version).I32(correlationId).Str("x").NoTags()
            .Raw(Enumerable.Range(0, bodyBytes).Select(i => (byte)(i * 7)).ToArray()).Frame();

    [Test]
    public void Splitter_forwards_unknown_frames_unchanged_and_logs_each_api_version_once()
    {
        var log = new List<string>();
        var splitter = new KafkaFrameSplitter(false, new KafkaConnectionState(), 1 << 20, log.Add, new KafkaVersionNotices());
        byte[] stream = [.. Frame(200, 0, 1, 40), .. Frame(1, 19, 2, 300), .. Frame(200, 0, 3, 5), .. Frame(1, 19, 4, 0), .. Frame(3, 12, 5, 10)];
        var output = new List<StreamChunk>();

        foreach (var piece in stream.Chunk(7)) splitter.Split(piece, 0, output);

        Assert.That(output.SelectMany(c => c.Data.ToArray()).ToArray(), Is.EqualTo(stream));
        Assert.That(log, Has.Count.EqualTo(2), string.Join("\n", log));
        Assert.That(log, Has.One.Contains("api 200 v0").And.One.Contains("api 1 v19"));
        Assert.That(output.Select(c => c.Frame?.CorrelationId).Distinct(), Is.EqualTo(new int?[] { 1, 2, 3, 4, 5 }), "still paired by correlation id");
    }

    [Test]
    public async Task Through_a_kafka_proxy_unknown_frames_reach_the_upstream_byte_exact()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address, ProxyProtocol.Kafka);
        byte[] stream = [.. Frame(250, 1, 1, 100), .. Frame(0, 99, 2, 2000), .. Frame(1, 25, 3, 64)];

        using var client = await ProxyHarness.ConnectAsync(proxy);
        var upstream = await sink.NextConnectionAsync();
        await client.SendAsync(stream);
        await upstream.WaitForBytesAsync(stream.Length);

        Assert.That(upstream.Received, Is.EqualTo(stream));
    }
}
