using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class BlackholeToxicTests
{
    [Test]
    public async Task One_way_blackhole_drops_that_direction_only()
    {
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(echo.Address);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Blackhole(ToxicSpec.Downstream));
        Assert.That(toxic.Name, Is.EqualTo("blackhole_downstream"));
        using var socket = await ProxyHarness.ConnectAsync(proxy);

        // The request reaches the echo server (upstream open), its echo is swallowed (downstream closed).
        await socket.SendAsync(new byte[] { 1, 2, 3 });
        await harness.WaitForUsesAsync(proxy.Name, toxic.Name, 1);
        await harness.Client.RemoveToxicAsync(proxy.Name, toxic.Name);
        await socket.SendAsync(new byte[] { 4 });

        Assert.That(await socket.ReceiveExactlyAsync(1), Is.EqualTo(new byte[] { 4 }));
    }

    [Test]
    public async Task Two_way_blackhole_holds_the_connection_open()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address);
        var up = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Blackhole(ToxicSpec.Upstream));
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Blackhole(ToxicSpec.Downstream));
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var connection = await sink.NextConnectionAsync();

        await socket.SendAsync(new byte[] { 1 });
        await harness.WaitForUsesAsync(proxy.Name, up.Name, 1);
        await connection.Socket.SendAsync(new byte[] { 2 });
        await harness.WaitForUsesAsync(proxy.Name, "blackhole_downstream", 1);

        Assert.That(connection.ReceivedCount, Is.Zero);
        Assert.That(connection.EndedAsync().IsCompleted, Is.False);
    }
}
