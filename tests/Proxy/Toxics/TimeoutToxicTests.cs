using System.Diagnostics;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class TimeoutToxicTests
{
    [Test]
    public async Task Drops_data_then_closes_after_the_timeout()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Timeout(300, ToxicSpec.Upstream));

        var watch = Stopwatch.StartNew();
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var connection = await sink.NextConnectionAsync();
        await socket.SendAsync(new byte[] { 1, 2, 3 });
        await harness.WaitForUsesAsync(proxy.Name, toxic.Name, 1);
        await connection.EndedAsync();

        Assert.That(connection.ReceivedCount, Is.Zero);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280)));
    }

    [Test]
    public async Task Zero_timeout_blackholes_until_removed_and_keeps_the_connection()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Timeout(0, ToxicSpec.Upstream));
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var connection = await sink.NextConnectionAsync();

        await socket.SendAsync(new byte[] { 1, 2, 3 });
        await harness.WaitForUsesAsync(proxy.Name, toxic.Name, 1);
        await harness.Client.RemoveToxicAsync(proxy.Name, toxic.Name);
        await socket.SendAsync(new byte[] { 4, 5 });
        await connection.WaitForBytesAsync(2);

        Assert.That(connection.Received, Is.EqualTo(new byte[] { 4, 5 }));
    }
}
