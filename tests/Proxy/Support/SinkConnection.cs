using System.Net.Sockets;

namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>One connection accepted by <see cref="SinkServer"/>.</summary>
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
