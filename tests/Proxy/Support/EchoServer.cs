using System.Net.Sockets;

namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>A loopback TCP server that echoes every byte and closes its side when the client does.</summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly LoopbackListener _listener;

    public EchoServer() => _listener = new LoopbackListener((client, stop) => _ = EchoAsync(client, stop));

    public string Address => _listener.Address;

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private static async Task EchoAsync(Socket client, CancellationToken stop)
    {
        client.NoDelay = true;
        var buffer = new byte[64 * 1024];
        try
        {
            using (client)
            {
                int read;
                while ((read = await client.ReceiveAsync(buffer, stop)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, read), stop);
                }

                client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
