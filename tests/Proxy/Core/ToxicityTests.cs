using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Core;

/// <summary>Toxiproxy's toxicity: the probability, drawn once per connection from the seeded generator, that a
/// toxic applies to that connection.</summary>
internal sealed class ToxicityTests
{
    [Test]
    public async Task Toxicity_zero_never_applies()
    {
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(echo.Address);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Blackhole(ToxicSpec.Upstream) with { Toxicity = 0.0 });
        using var socket = await ProxyHarness.ConnectAsync(proxy);

        await socket.SendAsync(new byte[] { 9 });

        Assert.That(await socket.ReceiveExactlyAsync(1), Is.EqualTo(new byte[] { 9 }));
    }

    [Test]
    public async Task Toxicity_half_applies_to_some_connections_only()
    {
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(echo.Address);
        // limit_data 0 closes an affected connection at its first byte; unaffected ones echo.
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.LimitData(0, ToxicSpec.Upstream) with { Toxicity = 0.5 });

        var affected = 0;
        const int connections = 40;
        for (var i = 0; i < connections; i++)
        {
            using var socket = await ProxyHarness.ConnectAsync(proxy);
            await socket.SendAsync(new byte[] { 1 });
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            var (data, _) = await socket.ReceiveToEndAsync();
            affected += data.Length == 0 ? 1 : 0;
        }

        TestContext.Out.WriteLine($"{affected} of {connections} connections affected (seed {ProxyHarness.Seed})");
        Assert.That(affected, Is.InRange(5, connections - 5));
    }

    [Test]
    public async Task A_toxic_added_mid_stream_applies_to_an_open_connection()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address);
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var connection = await sink.NextConnectionAsync();
        await socket.SendAsync(new byte[] { 1, 2 });
        await connection.WaitForBytesAsync(2);

        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.LimitData(1, ToxicSpec.Upstream));
        await socket.SendAsync(new byte[] { 3, 4, 5 });
        await connection.EndedAsync();

        Assert.That(connection.Received, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }
}
