using System.Net;
using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Proxy.Core;
using KafkaChaos.Proxy.Toxics;

namespace KafkaChaos.Proxy;

/// <summary>An embedded Toxiproxy-compatible fault proxy server: named TCP/Kafka proxies with toxics, driven
/// in-process (<see cref="CreateProxyAsync"/>) or through Toxiproxy's HTTP API at <see cref="ControlUri"/>.</summary>
internal sealed class ProxyServer : IAsyncDisposable
{
    /// <summary>Reported by <c>GET /version</c>: the Toxiproxy API level this server follows.</summary>
    public const string Version = "2.12.0-kafka-chaos";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ProxyInstance> _proxies = new(StringComparer.Ordinal);
    private readonly ProxyEnvironment _environment;
    private ControlHttpServer? _http;
    private int _disposed;

    private ProxyServer(ProxyEnvironment environment) => _environment = environment;

    /// <summary>The HTTP control API (e.g. http://127.0.0.1:8474/), or null when it is off.</summary>
    public Uri? ControlUri => _http?.Uri;

    /// <summary>The seed every random choice derives from (also logged at start).</summary>
    public int Seed => _environment.Seed;

    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The control port is taken.</exception>
    public static Task<ProxyServer> StartAsync(ProxyServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        options.Validate();
        var seed = options.Seed ?? Random.Shared.Next();
        var server = new ProxyServer(new ProxyEnvironment(options.TimeProvider, seed, options.Log, options.MaxKafkaFrameBytes));
        if (options.ControlPort is int port)
        {
            var api = new ControlApi(server);
            server._http = ControlHttpServer.Start(
                new IPEndPoint(IPAddress.Parse(options.ControlHost), port), api.HandleAsync, server._environment.Log);
        }

        server._environment.Log($"server started: seed {seed}, control API {server.ControlUri?.ToString() ?? "off"}");
        return Task.FromResult(server);
    }

    /// <summary>Runs a server with the HTTP API on <paramref name="host"/>:<paramref name="port"/> until
    /// cancelled (the <c>chaos proxy-server</c> command).</summary>
    public static async Task RunStandaloneAsync(string host, int port, TextWriter output, CancellationToken cancellationToken)
    {
        var options = new ProxyServerOptions
        {
            ControlHost = host,
            ControlPort = port,
            Log = line =>
            {
                lock (output)
                {
                    output.WriteLine(line);
                    output.Flush();
                }
            },
        };
        await using var server = await StartAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Creates and (if enabled) starts a proxy. Listen port 0 binds a free port, reported in the result.</summary>
    /// <exception cref="InvalidOperationException">A proxy of that name exists, or an address is invalid.</exception>
    public async Task<ProxyInfo> CreateProxyAsync(ProxyDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        try
        {
            return await AddAsync(definition, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <summary>Every proxy as it runs now.</summary>
    public async Task<IReadOnlyList<ProxyInfo>> GetProxiesAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _proxies.Values.Select(p => p.Info).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_http is not null)
        {
            await _http.DisposeAsync().ConfigureAwait(false);
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var proxy in _proxies.Values)
            {
                proxy.RemoveAllToxics();
                await proxy.StopAsync().ConfigureAwait(false);
            }

            _proxies.Clear();
        }
        finally
        {
            _gate.Release();
        }

        _environment.Log("server stopped");
    }

    internal async Task<T> LockedAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return action();
        }
        finally
        {
            _gate.Release();
        }
    }

    internal async Task<T> LockedAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    internal Task<ProxyInfo> AddAsync(ProxyDefinition definition, CancellationToken cancellationToken) =>
        LockedAsync(() => AddLocked(definition), cancellationToken);

    /// <summary>Caller holds the gate.</summary>
    internal ProxyInfo AddLocked(ProxyDefinition definition)
    {
        if (string.IsNullOrEmpty(definition.Name))
        {
            throw ApiException.MissingField("name");
        }

        if (string.IsNullOrEmpty(definition.Upstream))
        {
            throw ApiException.MissingField("upstream");
        }

        if (_proxies.ContainsKey(definition.Name))
        {
            throw ApiException.ProxyAlreadyExists();
        }

        var listen = string.IsNullOrEmpty(definition.Listen) ? "127.0.0.1:0" : definition.Listen;
        try
        {
            _ = Endpoints.ParseListen(listen);
            _ = Endpoints.ParseHostPort(definition.Upstream);
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest(e.Message);
        }

        var proxy = new ProxyInstance(_environment, definition.Name, listen, definition.Upstream, definition.Protocol);
        if (definition.Enabled)
        {
            StartOrThrow(proxy);
        }

        _proxies.Add(proxy.Name, proxy);
        return proxy.Info;
    }

    /// <summary>Caller holds the gate.</summary>
    internal ProxyInstance GetLocked(string name) =>
        _proxies.TryGetValue(name, out var proxy) ? proxy : throw ApiException.ProxyNotFound();

    internal IReadOnlyList<ProxyInstance> AllLocked() => _proxies.Values.ToList();

    /// <summary>Caller holds the gate.</summary>
    internal async Task RemoveLockedAsync(string name)
    {
        var proxy = GetLocked(name);
        _proxies.Remove(name);
        proxy.RemoveAllToxics();
        await proxy.StopAsync().ConfigureAwait(false);
        _environment.Log($"[{name}] deleted");
    }

    /// <summary>Caller holds the gate. Listen/upstream changes restart the proxy, as Toxiproxy does.</summary>
    internal async Task UpdateLockedAsync(ProxyInstance proxy, string? listen, string? upstream, bool? enabled)
    {
        var wasEnabled = proxy.Enabled;
        var restart = (listen is not null && listen != proxy.Listen) || (upstream is not null && upstream != proxy.Upstream);
        try
        {
            if (restart)
            {
                await proxy.StopAsync().ConfigureAwait(false);
                if (listen is not null)
                {
                    proxy.SetListen(listen);
                }

                if (upstream is not null)
                {
                    proxy.SetUpstream(upstream);
                }
            }
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest(e.Message);
        }

        var shouldRun = enabled ?? wasEnabled;
        if (shouldRun)
        {
            StartOrThrow(proxy);
        }
        else
        {
            await proxy.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Caller holds the gate.</summary>
    internal ActiveToxic AddToxicLocked(ProxyInstance proxy, string? name, string type, string? stream, double? toxicity, JsonObject attributes)
    {
        var toxic = CreateToxic(proxy, type, attributes);
        var direction = ResolveStream(toxic, stream);
        name = string.IsNullOrEmpty(name) ? $"{type}_{(direction == StreamDirection.Upstream ? "upstream" : "downstream")}" : name;
        if (proxy.FindToxic(name) is not null)
        {
            throw ApiException.ToxicAlreadyExists();
        }

        var active = new ActiveToxic(name, type, direction, CheckToxicity(toxicity ?? 1.0), toxic, _environment.TimeProvider.GetTimestamp());
        proxy.AddToxic(active);
        return active;
    }

    /// <summary>Caller holds the gate. Attributes given replace those of the same name; others are kept.</summary>
    internal ActiveToxic UpdateToxicLocked(ProxyInstance proxy, string name, double? toxicity, JsonObject? attributes)
    {
        var active = proxy.FindToxic(name) ?? throw ApiException.ToxicNotFound();
        var merged = active.Toxic.ToAttributes();
        foreach (var (key, value) in attributes ?? [])
        {
            merged[key] = value?.DeepClone();
        }

        var toxic = CreateToxic(proxy, active.Type, merged);
        active.Update(toxic, CheckToxicity(toxicity ?? active.Toxicity), _environment.TimeProvider.GetTimestamp());
        _environment.Log($"[{proxy.Name}] toxic updated: {active.ToJson().ToJsonString()}");
        return active;
    }

    /// <summary>Caller holds the gate. Enables every proxy and removes every toxic (Toxiproxy's reset).</summary>
    internal void ResetLocked()
    {
        foreach (var proxy in _proxies.Values)
        {
            proxy.RemoveAllToxics();
            if (!proxy.Enabled)
            {
                StartOrThrow(proxy);
            }
        }

        _environment.Log("reset: all proxies enabled, all toxics removed");
    }

    private static IToxic CreateToxic(ProxyInstance proxy, string type, JsonObject attributes)
    {
        if (!ToxicRegistry.IsKnown(type))
        {
            throw ApiException.InvalidToxicType();
        }

        IToxic toxic;
        try
        {
            toxic = ToxicRegistry.Create(type, attributes);
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest(e.Message);
        }

        if (toxic is IKafkaToxic && proxy.Protocol != ProxyProtocol.Kafka)
        {
            throw ApiException.BadRequest($"toxic type {type} needs a proxy with protocol kafka");
        }

        return toxic;
    }

    private static StreamDirection ResolveStream(IToxic toxic, string? stream)
    {
        StreamDirection? requested = stream switch
        {
            null or "" => null,
            "upstream" => StreamDirection.Upstream,
            "downstream" => StreamDirection.Downstream,
            _ => throw ApiException.InvalidStream(),
        };

        if (toxic is IKafkaToxic kafka)
        {
            // Kafka toxics act on requests or on responses only; default to that stream rather than Toxiproxy's.
            if (requested is not null && requested != kafka.Stream)
            {
                throw ApiException.BadRequest($"this toxic acts on the {kafka.Stream.ToString().ToLowerInvariant()} stream only");
            }

            return kafka.Stream;
        }

        return requested ?? StreamDirection.Downstream;
    }

    private static double CheckToxicity(double toxicity) =>
        toxicity is >= 0 and <= 1 ? toxicity : throw ApiException.BadRequest($"toxicity must be between 0 and 1, got {toxicity}");

    private static void StartOrThrow(ProxyInstance proxy)
    {
        try
        {
            proxy.Start();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or FormatException)
        {
            throw new ApiException(HttpStatusCode.InternalServerError, $"listen {proxy.Listen}: {e.Message}");
        }
    }
}
