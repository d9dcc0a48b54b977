using System.Diagnostics;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class ResetPeerToxicTests
{
    [Test]
    public async Task Data_triggers_a_reset_of_both_peers_after_the_timeout()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.ResetPeer(200, ToxicSpec.Upstream));
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var connection = await sink.NextConnectionAsync();

        var watch = Stopwatch.StartNew();
        await socket.SendAsync(new byte[] { 1, 2, 3 });
        var (_, clientReset) = await socket.ReceiveToEndAsync();
        var upstreamReset = await connection.EndedAsync();

        Assert.That(clientReset, Is.True, "client should see ECONNRESET");
        Assert.That(upstreamReset, Is.True, "upstream should see ECONNRESET");
        Assert.That(connection.ReceivedCount, Is.Zero, "the triggering data never arrives");
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(180)));
    }

    [Test]
    public async Task Removed_before_any_data_never_resets()
    {
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(echo.Address);
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.ResetPeer(0, ToxicSpec.Downstream));
        await harness.Client.RemoveToxicAsync(proxy.Name, toxic.Name);

        await socket.SendAsync(new byte[] { 5 });

        Assert.That(await socket.ReceiveExactlyAsync(1), Is.EqualTo(new byte[] { 5 }));
    }
}
