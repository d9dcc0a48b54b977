using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

public sealed class ResetPeerToxicTests
{
    [Test]
    public async Task Both_peers_see_a_reset_after_the_timeout()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.ResetPeer(100));
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var connection = await sink.NextConnectionAsync();

        var (_, clientReset) = await socket.ReceiveToEndAsync();
        var upstreamReset = await connection.EndedAsync();

        Assert.That(clientReset, Is.True, "client should see ECONNRESET");
        Assert.That(upstreamReset, Is.True, "upstream should see ECONNRESET");
    }
}
