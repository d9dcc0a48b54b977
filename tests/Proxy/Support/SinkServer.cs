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

internal sealed class SinkConnection(Socket socket)
{
    private readonly List<byte[]> _receives = [];
    private readonly TaskCompletionSource<bool> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Socket Socket { get; } = socket;

    /// <summary>Completes when the peer closed (false) or reset (true) the connection.</summary>
    public Task<bool> EndedAsync() => _ended.Task.Within();

    public IReadOnlyList<byte[]> Receives
    {
        get
        {
            lock (_receives)
            {
                return _receives.ToList();
            }
        }
    }

    public byte[] Received => Receives.SelectMany(r => r).ToArray();

    public int ReceivedCount => Receives.Sum(r => r.Length);

    public Task WaitForBytesAsync(int count) => Deadline.UntilAsync(() => Task.FromResult(ReceivedCount >= count), $"{count} bytes at the sink");

    internal async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await Socket.ReceiveAsync(buffer, cancellationToken)) > 0)
            {
                lock (_receives)
                {
                    _receives.Add(buffer[..read]);
                }
            }

            _ended.TrySetResult(false);
        }
        catch (SocketException)
        {
            _ended.TrySetResult(true);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            _ended.TrySetResult(false);
        }
    }
}
