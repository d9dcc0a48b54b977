using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>A loopback TCP server that records what each connection sends (per receive call) and how it ended.
/// Optionally closes each connection as soon as it is accepted.</summary>
internal sealed class SinkServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SinkConnection> _connections = Channel.CreateUnbounded<SinkConnection>();
    private readonly bool _closeOnAccept;
    private readonly Task _loop;

    public SinkServer(bool closeOnAccept = false)
    {
        _closeOnAccept = closeOnAccept;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public Task<SinkConnection> NextConnectionAsync() => _connections.Reader.ReadAsync().AsTask().Within();

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
                var connection = new SinkConnection(client);
                _connections.Writer.TryWrite(connection);
                if (_closeOnAccept)
                {
                    client.Shutdown(SocketShutdown.Both);
                    client.Dispose();
                }
                else
                {
                    _ = connection.ReceiveAsync(_stop.Token);
                }
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
}
