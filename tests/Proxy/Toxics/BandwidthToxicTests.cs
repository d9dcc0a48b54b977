using System.Diagnostics;
using System.Net.Sockets;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class BandwidthToxicTests
{
    [Test]
    public async Task Transfer_is_paced_near_the_configured_rate()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Bandwidth(200, ToxicSpec.Upstream));
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var connection = await sink.NextConnectionAsync();

        // 100 KB at 200 KB/s: about 0.5 s.
        var watch = Stopwatch.StartNew();
        await socket.SendAsync(new byte[100_000]);
        await connection.WaitForBytesAsync(100_000);
        var rate = 100.0 / watch.Elapsed.TotalSeconds;

        TestContext.Out.WriteLine($"measured {rate:F0} KB/s for a 200 KB/s limit");
        // The limit is the effect under test: the upper bound is tight, the lower one only catches a stall (shared CI).
        Assert.That(rate, Is.InRange(20, 260));
    }

    [Test]
    public async Task Removal_mid_transfer_lets_the_rest_through_intact()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Bandwidth(1, ToxicSpec.Upstream));
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var connection = await sink.NextConnectionAsync();
        var data = new byte[50_000];
        new Random(ProxyHarness.Seed).NextBytes(data);

        await socket.SendAsync(data);
        await connection.WaitForBytesAsync(1);
        await harness.Client.RemoveToxicAsync(proxy.Name, toxic.Name);
        await connection.WaitForBytesAsync(data.Length);

        Assert.That(connection.Received, Is.EqualTo(data));
    }
}
