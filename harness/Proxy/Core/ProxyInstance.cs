using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace KafkaChaos.Proxy.Core;

/// <summary>One named proxy: a listener, its live connections and its toxics (copy-on-write arrays, so the
/// data path reads them without locks).</summary>
internal sealed class ProxyInstance
{
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<long, ProxyConnection> _connections = new();
    private ActiveToxic[] _upstreamToxics = [];
    private ActiveToxic[] _downstreamToxics = [];
    private Socket? _listener;
    private CancellationTokenSource? _stopping;
    private Task? _acceptLoop;

    public ProxyInstance(ProxyEnvironment server, string name, string listen, string upstream, ProxyProtocol protocol)
    {
        Server = server;
        Name = name;
        Listen = listen;
        Upstream = upstream;
        Protocol = protocol;
    }

    public event Action<ActiveToxic>? ToxicAdded;

    public ProxyEnvironment Server { get; }

    public string Name { get; }

    /// <summary>The requested address until first start, then the bound one (re-enabling reuses the port).</summary>
    public string Listen { get; private set; }

    public string Upstream { get; private set; }

    public ProxyProtocol Protocol { get; }

    public bool Enabled => _listener is not null;

    public int ConnectionCount => _connections.Count;

    public ProxyInfo Info => new(Name, Listen, Upstream, Enabled, Protocol);

    public ActiveToxic[] ToxicsFor(StreamDirection direction) =>
        direction == StreamDirection.Upstream ? Volatile.Read(ref _upstreamToxics) : Volatile.Read(ref _downstreamToxics);

    public IEnumerable<ActiveToxic> AllToxics() => ToxicsFor(StreamDirection.Upstream).Concat(ToxicsFor(StreamDirection.Downstream));

    public ActiveToxic? FindToxic(string name) => AllToxics().FirstOrDefault(t => t.Name == name);

    public void Start()
    {
        lock (_lock)
        {
            if (_listener is not null)
            {
                return;
            }

            var endPoint = Endpoints.ParseListen(Listen);
            var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                // Re-enabling must get the same port back even with connections in TIME_WAIT.
                listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.Bind(endPoint);
                listener.Listen(512);
            }
            catch
            {
                listener.Dispose();
                throw;
            }

            Listen = Endpoints.Format((IPEndPoint)listener.LocalEndPoint!);
            _listener = listener;
            _stopping = new CancellationTokenSource();
            _acceptLoop = AcceptLoopAsync(listener, _stopping.Token);
            Server.Log($"[{Name}] listening on {Listen} → {Upstream} ({Protocol})");
        }
    }

    /// <summary>Stops listening and closes every existing connection (Toxiproxy's disable).</summary>
    public async Task StopAsync()
    {
        Socket? listener;
        CancellationTokenSource? stopping;
        Task? acceptLoop;
        lock (_lock)
        {
            listener = _listener;
            stopping = _stopping;
            acceptLoop = _acceptLoop;
            _listener = null;
            _stopping = null;
            _acceptLoop = null;
        }

        if (listener is null)
        {
            return;
        }

        stopping!.Cancel();
        listener.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Close("proxy disabled");
        }

        await acceptLoop!.ConfigureAwait(false);
        stopping.Dispose();
        Server.Log($"[{Name}] disabled");
    }

    public void SetUpstream(string upstream)
    {
        _ = Endpoints.ParseHostPort(upstream);
        Upstream = upstream;
    }

    public void SetListen(string listen)
    {
        _ = Endpoints.ParseListen(listen);
        Listen = listen;
    }

    public void AddToxic(ActiveToxic toxic)
    {
        lock (_lock)
        {
            if (toxic.Stream == StreamDirection.Upstream)
            {
                Volatile.Write(ref _upstreamToxics, [.. _upstreamToxics, toxic]);
            }
            else
            {
                Volatile.Write(ref _downstreamToxics, [.. _downstreamToxics, toxic]);
            }
        }

        Server.Log($"[{Name}] toxic added: {toxic.ToJson().ToJsonString()}");
        ToxicAdded?.Invoke(toxic);
    }

    public bool RemoveToxic(string name)
    {
        ActiveToxic? removed;
        lock (_lock)
        {
            removed = FindToxic(name);
            if (removed is null)
            {
                return false;
            }

            Volatile.Write(ref _upstreamToxics, _upstreamToxics.Where(t => t != removed).ToArray());
            Volatile.Write(ref _downstreamToxics, _downstreamToxics.Where(t => t != removed).ToArray());
        }

        // Wakes every waiting chunk: held bytes continue in order.
        removed.Remove();
        Server.Log($"[{Name}] toxic removed: {name} (used {removed.Uses} times)");
        return true;
    }

    public void RemoveAllToxics()
    {
        foreach (var toxic in AllToxics().ToList())
        {
            RemoveToxic(toxic.Name);
        }
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                Server.Log($"[{Name}] accept failed: {e.Message}");
                continue;
            }

            var connection = new ProxyConnection(this, client, stopping);
            _connections[connection.Id] = connection;
            _ = RunConnectionAsync(connection);
        }
    }

    private async Task RunConnectionAsync(ProxyConnection connection)
    {
        try
        {
            await Task.Yield();
            await connection.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Server.Log($"[{Name}#{connection.Id}] connection failed: {e}");
        }
        finally
        {
            _connections.TryRemove(connection.Id, out _);
        }
    }
}
