using System.Net;
using System.Net.Sockets;

namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>A loopback TCP server that echoes every byte and closes its side when the client does.</summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public EchoServer()
    {
        _listener.Start();
        _loop = AcceptAsync();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop.ConfigureAwait(false);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                _ = EchoAsync(client);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
            }
        }
    }

    private async Task EchoAsync(Socket client)
    {
        client.NoDelay = true;
        var buffer = new byte[64 * 1024];
        try
        {
            using (client)
            {
                int read;
                while ((read = await client.ReceiveAsync(buffer, _stop.Token)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, read), _stop.Token);
                }

                client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
