using System.Net;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Api;

internal sealed class ToxiproxyClientTests
{
    [Test]
    public async Task Drives_every_endpoint()
    {
        await using var echo = new EchoServer();
        await using var harness = await ProxyHarness.StartAsync();
        var client = harness.Client;

        Assert.That(await client.GetVersionAsync(), Is.EqualTo(KafkaChaos.Proxy.ProxyServer.Version));
        var created = await client.CreateProxyAsync(new ProxySpec("broker1", "127.0.0.1:0", echo.Address, Protocol: "kafka"));
        Assert.That(created.Protocol, Is.EqualTo("kafka"));
        Assert.That(created.ListenPort, Is.GreaterThan(0));
        Assert.That((await client.GetProxiesAsync()).Keys, Is.EqualTo(new[] { "broker1" }));
        Assert.That((await client.GetProxyAsync("broker1")).Upstream, Is.EqualTo(echo.Address));

        var toxic = await client.AddToxicAsync("broker1", ToxicSpec.StallReplicaFetch([1, 2], 5000));
        Assert.That(toxic.Name, Is.EqualTo("stall_replica_fetch_upstream"));
        Assert.That(toxic.Attribute("duration_ms"), Is.EqualTo(5000));
        var updated = await client.UpdateToxicAsync("broker1", toxic.Name, new() { ["duration_ms"] = 0 });
        Assert.That(updated.Attribute("duration_ms"), Is.Zero);
        Assert.That((await client.GetToxicAsync("broker1", toxic.Name)).Type, Is.EqualTo("stall_replica_fetch"));
        Assert.That(await client.GetToxicsAsync("broker1"), Has.Count.EqualTo(1));
        await client.RemoveToxicAsync("broker1", toxic.Name);
        Assert.That(await client.GetToxicsAsync("broker1"), Is.Empty);

        Assert.That((await client.DisableProxyAsync("broker1")).Enabled, Is.False);
        await client.ResetAsync();
        Assert.That((await client.GetProxyAsync("broker1")).Enabled, Is.True);

        var populated = await client.PopulateAsync([new ProxySpec("zk1", "127.0.0.1:0", echo.Address)]);
        Assert.That(populated.Single().Name, Is.EqualTo("zk1"));

        await client.DeleteProxyAsync("broker1");
        var error = Assert.ThrowsAsync<ToxiproxyException>(() => client.GetProxyAsync("broker1"));
        Assert.That((await error)!.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await error)!.ServerMessage, Is.EqualTo("proxy not found"));
    }
}
