using System.Diagnostics;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

internal sealed class SlowCloseToxicTests
{
    [Test]
    public async Task Close_from_upstream_reaches_the_client_after_the_delay()
    {
        await using var closer = new SinkServer(closeOnAccept: true);
        await using var harness = await ProxyHarness.StartAsync();
        var proxy = await harness.CreateAsync(closer.Address);
        await harness.Client.AddToxicAsync(proxy.Name, ToxicSpec.SlowClose(300));

        var watch = Stopwatch.StartNew();
        using var socket = await ProxyHarness.ConnectAsync(proxy);
        await closer.NextConnectionAsync();
        var (data, _) = await socket.ReceiveToEndAsync();

        Assert.That(data, Is.Empty);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280)));
    }
}
