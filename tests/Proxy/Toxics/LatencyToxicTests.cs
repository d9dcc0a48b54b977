using System.Diagnostics;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class LatencyToxicTests
{
    [Test]
    public async Task Round_trip_takes_at_least_the_configured_latency()
    {
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(echo.Address);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Latency(200, 20, ToxicSpec.Upstream));
        using var socket = await ProxyHarness.ConnectAsync(proxy);

        var watch = Stopwatch.StartNew();
        await socket.SendAsync(new byte[] { 42 });
        await socket.ReceiveExactlyAsync(1);

        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(180)));
    }

    [Test]
    public async Task Removing_the_toxic_releases_held_bytes_in_order()
    {
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(echo.Address);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Latency(600_000, 0, ToxicSpec.Downstream));
        using var socket = await ProxyHarness.ConnectAsync(proxy);

        await socket.SendAsync(new byte[] { 1, 2, 3 });
        var received = socket.ReceiveExactlyAsync(6);
        await socket.SendAsync(new byte[] { 4, 5, 6 });
        await harness.Client.RemoveToxicAsync(proxy.Name, toxic.Name);

        Assert.That(await received, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6 }));
    }
}
