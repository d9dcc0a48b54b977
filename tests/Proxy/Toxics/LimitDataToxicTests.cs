using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class LimitDataToxicTests
{
    [Test]
    public async Task Exactly_the_limit_passes_then_the_connection_closes()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.LimitData(100, ToxicSpec.Upstream));
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var connection = await sink.NextConnectionAsync();
        var data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

        await socket.SendAsync(data);
        await connection.EndedAsync();

        Assert.That(connection.Received, Is.EqualTo(data[..100]));
    }
}
