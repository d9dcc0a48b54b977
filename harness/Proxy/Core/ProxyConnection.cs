using System.Net.Sockets;
using KafkaChaos.Proxy.Kafka;
using KafkaChaos.Proxy.Toxics;

namespace KafkaChaos.Proxy.Core;

/// <summary>One accepted client connection and its upstream connection: two <see cref="Link"/>s plus the
/// connection-level toxic runners. Any error ends only this connection, with a logged reason.</summary>
internal sealed class ProxyConnection
{
    private readonly Socket _client;
    private readonly CancellationTokenSource _cts;
    private readonly Lock _lock = new();
    private Socket? _upstream;
    private Link? _upstreamLink;
    private Link? _downstreamLink;
    private string? _closeReason;

    public ProxyConnection(ProxyInstance proxy, Socket client, CancellationToken proxyStopping)
    {
        Proxy = proxy;
        _client = client;
        Id = proxy.Server.NextConnectionId();
        _cts = CancellationTokenSource.CreateLinkedTokenSource(proxyStopping);
    }

    public ProxyInstance Proxy { get; }

    public long Id { get; }

    public KafkaConnectionState? Kafka { get; private set; }

    public async Task RunAsync()
    {
        var token = _cts.Token;
        try
        {
            var (host, port) = Endpoints.ParseHostPort(Proxy.Upstream);
            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _upstream = upstream;
            _client.NoDelay = true;
            await upstream.ConnectAsync(host, port, token).ConfigureAwait(false);
            // Links read and write with non-blocking calls on their own threads, waiting in poll(2) only when a
            // socket has nothing to read or no room to write (see Link).
            _client.Blocking = false;
            upstream.Blocking = false;

            KafkaFrameSplitter? requests = null;
            KafkaFrameSplitter? responses = null;
            if (Proxy.Protocol == ProxyProtocol.Kafka)
            {
                Kafka = new KafkaConnectionState();
                Action<string> log = m => Proxy.Server.Log($"[{Proxy.Name}#{Id}] {m}");
                requests = new KafkaFrameSplitter(false, Kafka, Proxy.Server.MaxKafkaFrameBytes, log);
                responses = new KafkaFrameSplitter(true, Kafka, Proxy.Server.MaxKafkaFrameBytes, log);
            }

            _upstreamLink = new Link(this, StreamDirection.Upstream, _client, upstream, requests);
            _downstreamLink = new Link(this, StreamDirection.Downstream, upstream, _client, responses);

            Proxy.ToxicAdded += OnToxicAdded;
            foreach (var toxic in Proxy.AllToxics())
            {
                OnToxicAdded(toxic);
            }

            var up = RunLinkAsync(_upstreamLink, token);
            var down = RunLinkAsync(_downstreamLink, token);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            Close(_closeReason ?? $"upstream {Proxy.Upstream}: {e.Message}");
        }
        finally
        {
            Proxy.ToxicAdded -= OnToxicAdded;
            _cts.Cancel();
            _client.Dispose();
            _upstream?.Dispose();
            _cts.Dispose();
        }
    }

    /// <summary>Ends the connection: queued bytes already written are flushed (FIN), nothing more passes.</summary>
    public void Close(string reason) => End(reason, reset: false);

    /// <summary>Ends the connection with a TCP RST to both peers.</summary>
    public void Reset(string reason) => End(reason, reset: true);

    private void End(string reason, bool reset)
    {
        lock (_lock)
        {
            if (_closeReason is not null)
            {
                return;
            }

            _closeReason = reason;
        }

        Proxy.Server.Log($"[{Proxy.Name}#{Id}] connection {(reset ? "reset" : "closed")}: {reason}");
        foreach (var socket in new[] { _client, _upstream })
        {
            if (socket is null)
            {
                continue;
            }

            try
            {
                if (reset)
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
                else
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already gone: the peer closed first.
            }
        }

        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task RunLinkAsync(Link link, CancellationToken cancellationToken)
    {
        try
        {
            await link.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            Close(_closeReason ?? $"{link.Direction}: {e.GetBaseException().Message}");
        }
    }

    private void OnToxicAdded(ActiveToxic toxic)
    {
        if (toxic.Toxic is not IConnectionToxic)
        {
            return;
        }

        var link = toxic.Stream == StreamDirection.Upstream ? _upstreamLink : _downstreamLink;
        if (link?.ContextFor(toxic) is not { } context)
        {
            return;
        }

        _ = RunConnectionToxicAsync(toxic, context);
    }

    private async Task RunConnectionToxicAsync(ActiveToxic toxic, ToxicContext context)
    {
        CancellationTokenSource linked;
        try
        {
            linked = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token, toxic.RemovedToken);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        using (linked)
        {
            try
            {
                await ((IConnectionToxic)toxic.Toxic).RunAsync(context, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                Proxy.Server.Log($"[{Proxy.Name}#{Id}] toxic {toxic.Name} failed: {e.Message}");
            }
        }
    }
}
