using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class SlicerToxicTests
{
    [Test]
    public async Task One_write_arrives_as_many_small_pieces_intact()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Slicer(100, 20, 5000, ToxicSpec.Upstream));
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var connection = await sink.NextConnectionAsync();
        var data = new byte[2000];
        new Random(ProxyHarness.Seed).NextBytes(data);

        await socket.SendAsync(data);
        await connection.WaitForBytesAsync(data.Length);

        Assert.That(connection.Received, Is.EqualTo(data));
        // ~20 slices of 80..120 bytes, 5 ms apart; a busy receiver may merge some.
        Assert.That(connection.Receives, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(connection.Receives.Max(r => r.Length), Is.LessThan(data.Length));
    }

    [Test]
    public async Task Removal_mid_chunk_forwards_the_remaining_slices_in_order()
    {
        await using var sink = new SinkServer();
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(sink.Address);
        var toxic = await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.Slicer(10, 0, 600_000_000, ToxicSpec.Upstream));
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        var connection = await sink.NextConnectionAsync();
        var data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

        await socket.SendAsync(data);
        await connection.WaitForBytesAsync(10);
        await harness.Client.RemoveToxicAsync(proxy.Name, toxic.Name);
        await connection.WaitForBytesAsync(data.Length);

        Assert.That(connection.Received, Is.EqualTo(data));
    }
}
