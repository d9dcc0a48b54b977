using System.Net.Sockets;
using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>An embedded proxy server with its HTTP API on a free loopback port, a client for it, and helpers
/// to connect through a proxy. Seeded; logs go to the test output.</summary>
internal sealed class ProxyHarness : IAsyncDisposable
{
    public const int Seed = 20261121;

    private ProxyHarness(ProxyServer server)
    {
        Server = server;
        Client = new ToxiproxyClient(server.ControlUri!);
    }

    public ProxyServer Server { get; }

    public ToxiproxyClient Client { get; }

    public static async Task<ProxyHarness> StartAsync()
    {
        var output = TestContext.Out;
        var server = await ProxyServer.StartAsync(new ProxyServerOptions
        {
            ControlPort = 0,
            Seed = Seed,
            Log = line =>
            {
                lock (output)
                {
                    output.WriteLine(line);
                }
            },
        });
        return new ProxyHarness(server);
    }

    public async Task<ProxyInfo> CreateAsync(string upstream, ProxyProtocol protocol = ProxyProtocol.Tcp, string name = "p") =>
        await Server.CreateProxyAsync(new ProxyDefinition(name, "127.0.0.1:0", upstream, Protocol: protocol));

    public static async Task<Socket> ConnectAsync(ProxyInfo proxy)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", proxy.ListenPort).Within();
        return socket;
    }

    /// <summary>How often a toxic has bitten (dropped or held something) so far.</summary>
    public Task<long> UsesAsync(string proxy, string toxic) =>
        Server.LockedAsync(() => Server.GetLocked(proxy).FindToxic(toxic)?.Uses ?? -1, CancellationToken.None);

    public Task WaitForUsesAsync(string proxy, string toxic, long count) =>
        Deadline.UntilAsync(async () => await UsesAsync(proxy, toxic) >= count, $"toxic {toxic} used {count} times");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
