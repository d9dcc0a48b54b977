using System.Net.Sockets;
using System.Threading.Channels;

namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>A loopback TCP server that records what each connection sends (per receive call) and how it ended.
/// Optionally closes each connection as soon as it is accepted.</summary>
internal sealed class SinkServer : IAsyncDisposable
{
    private readonly Channel<SinkConnection> _connections = Channel.CreateUnbounded<SinkConnection>();
    private readonly bool _closeOnAccept;
    private readonly LoopbackListener _listener;

    public SinkServer(bool closeOnAccept = false)
    {
        _closeOnAccept = closeOnAccept;
        _listener = new LoopbackListener(Accept);
    }

    public string Address => _listener.Address;

    public Task<SinkConnection> NextConnectionAsync() => _connections.Reader.ReadAsync().AsTask().Within();

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private void Accept(Socket client, CancellationToken stop)
    {
        var connection = new SinkConnection(client);
        _connections.Writer.TryWrite(connection);
        if (_closeOnAccept)
        {
            client.Shutdown(SocketShutdown.Both);
            client.Dispose();
        }
        else
        {
            _ = connection.ReceiveAsync(stop);
        }
    }
}
