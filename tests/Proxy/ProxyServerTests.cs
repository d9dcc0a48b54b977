using System.Net.Sockets;
using System.Text;
using KafkaChaos.Proxy;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy;

internal sealed class ProxyServerTests
{
    [Test]
    public async Task Forwards_both_ways_through_a_free_port()
    {
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(echo.Address);
        Assert.That(proxy.ListenPort, Is.GreaterThan(0));

        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var message = Encoding.UTF8.GetBytes("hello through the proxy");
        await socket.SendAsync(message);
        Assert.That(await socket.ReceiveExactlyAsync(message.Length), Is.EqualTo(message));
    }

    [Test]
    public async Task Large_transfer_arrives_intact_and_in_order()
    {
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(echo.Address);
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var data = new byte[2 * 1024 * 1024];
        new Random(ProxyHarness.Seed).NextBytes(data);

        var send = Task.Run(async () =>
        {
            await socket.SendAsync(data);
            socket.Shutdown(SocketShutdown.Send);
        });
        var (received, reset) = await socket.ReceiveToEndAsync();
        await send.Within();

        Assert.That(reset, Is.False);
        Assert.That(received.Length, Is.EqualTo(data.Length));
        Assert.That(received.AsSpan().SequenceEqual(data), Is.True);
    }

    [Test]
    public async Task Duplicate_name_is_refused()
    {
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        await harness.CreateAsync(echo.Address, name: "dup");
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.CreateAsync(echo.Address, name: "dup"));
    }

    [Test]
    public async Task Disable_closes_connections_and_refuses_new_ones_and_enable_restores_the_same_port()
    {
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(echo.Address);
        using var existing = await ProxyHarness.ConnectAsync(proxy);
        await existing.SendAsync(new byte[] { 1 });
        await existing.ReceiveExactlyAsync(1);

        var disabled = await harness.Client.DisableProxyAsync(proxy.Name);
        Assert.That(disabled.Enabled, Is.False);
        var (_, _) = await existing.ReceiveToEndAsync();
        using var refused = new Socket(SocketType.Stream, ProtocolType.Tcp);
        Assert.That(
            async () => await refused.ConnectAsync("127.0.0.1", proxy.ListenPort),
            Throws.InstanceOf<SocketException>());

        var enabled = await harness.Client.EnableProxyAsync(proxy.Name);
        Assert.That(enabled.Listen, Is.EqualTo(proxy.Listen));
        using var again = await ProxyHarness.ConnectAsync(proxy);
        await again.SendAsync(new byte[] { 2 });
        Assert.That(await again.ReceiveExactlyAsync(1), Is.EqualTo(new byte[] { 2 }));
    }

    [Test]
    public async Task Unreachable_upstream_closes_only_that_connection()
    {
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync("127.0.0.1:1");
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var (data, _) = await socket.ReceiveToEndAsync();
        Assert.That(data, Is.Empty);
        Assert.That((await harness.Server.GetProxiesAsync()).Single().Enabled, Is.True);
    }

    [Test]
    public async Task Options_are_validated_before_start()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ProxyServer.StartAsync(new ProxyServerOptions { ControlHost = "not-an-ip" }));
        await Assert.ThrowsAsync<ArgumentException>(() => ProxyServer.StartAsync(new ProxyServerOptions { ControlPort = 70000 }));
    }

    [Test]
    public async Task Server_without_http_api_has_no_control_uri()
    {
        await using var server = await ProxyServer.StartAsync(new ProxyServerOptions { ControlPort = null, Seed = 1 });
        Assert.That(server.ControlUri, Is.Null);
        Assert.That(server.Seed, Is.EqualTo(1));
    }
}
