using System.Net;
using System.Net.Sockets;

namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>
/// The accept loop the loopback test servers share: listens on a free 127.0.0.1 port and hands every accepted
/// socket to <c>onAccept</c> (which must not block); disposal stops accepting and waits for the loop to end.
/// </summary>
internal sealed class LoopbackListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<Socket, CancellationToken> _onAccept;
    private readonly Task _loop;

    public LoopbackListener(Action<Socket, CancellationToken> onAccept)
    {
        _onAccept = onAccept;
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
                _onAccept(await _listener.AcceptSocketAsync(_stop.Token), _stop.Token);
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
