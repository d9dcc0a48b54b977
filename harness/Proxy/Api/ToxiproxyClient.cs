using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KafkaChaos.Proxy.Api;

/// <summary>Speaks only Toxiproxy's HTTP API, so it drives this embedded proxy or a real Toxiproxy server alike.
/// Errors throw <see cref="ToxiproxyException"/> with the server's status and message.</summary>
internal sealed class ToxiproxyClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <param name="baseAddress">e.g. http://127.0.0.1:8474/ (<see cref="ProxyServer.ControlUri"/>).</param>
    /// <param name="httpClient">Optional; its BaseAddress is ignored. Default: a client owned (and disposed) by this one.</param>
    public ToxiproxyClient(Uri baseAddress, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public async Task<string> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var text = await SendAsync(HttpMethod.Get, "version", null, cancellationToken).ConfigureAwait(false);
        // Toxiproxy ≥ 2.6 answers {"version": "..."}; older ones plain text.
        try
        {
            return JsonNode.Parse(text)?["version"]?.GetValue<string>() ?? text.Trim();
        }
        catch (JsonException)
        {
            return text.Trim();
        }
    }

    public async Task<IReadOnlyDictionary<string, ToxiproxyProxy>> GetProxiesAsync(CancellationToken cancellationToken = default)
    {
        var json = await SendJsonAsync(HttpMethod.Get, "proxies", null, cancellationToken).ConfigureAwait(false);
        return (json as JsonObject ?? []).ToDictionary(p => p.Key, p => ToxiproxyProxy.FromJson(p.Value), StringComparer.Ordinal);
    }

    public async Task<ToxiproxyProxy> CreateProxyAsync(ProxySpec proxy, CancellationToken cancellationToken = default) =>
        ToxiproxyProxy.FromJson(await SendJsonAsync(HttpMethod.Post, "proxies", proxy.ToJson(), cancellationToken).ConfigureAwait(false));

    public async Task<ToxiproxyProxy> GetProxyAsync(string name, CancellationToken cancellationToken = default) =>
        ToxiproxyProxy.FromJson(await SendJsonAsync(HttpMethod.Get, ProxyPath(name), null, cancellationToken).ConfigureAwait(false));

    /// <summary>Changes the given fields only. Disabling closes existing connections and refuses new ones.</summary>
    public async Task<ToxiproxyProxy> UpdateProxyAsync(string name, bool? enabled = null, string? listen = null, string? upstream = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject();
        if (enabled is not null)
        {
            body["enabled"] = enabled;
        }

        if (listen is not null)
        {
            body["listen"] = listen;
        }

        if (upstream is not null)
        {
            body["upstream"] = upstream;
        }

        return ToxiproxyProxy.FromJson(await SendJsonAsync(HttpMethod.Post, ProxyPath(name), body, cancellationToken).ConfigureAwait(false));
    }

    public Task<ToxiproxyProxy> EnableProxyAsync(string name, CancellationToken cancellationToken = default) =>
        UpdateProxyAsync(name, enabled: true, cancellationToken: cancellationToken);

    public Task<ToxiproxyProxy> DisableProxyAsync(string name, CancellationToken cancellationToken = default) =>
        UpdateProxyAsync(name, enabled: false, cancellationToken: cancellationToken);

    public Task DeleteProxyAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, ProxyPath(name), null, cancellationToken);

    public async Task<IReadOnlyList<ToxiproxyToxic>> GetToxicsAsync(string proxy, CancellationToken cancellationToken = default)
    {
        var json = await SendJsonAsync(HttpMethod.Get, ProxyPath(proxy) + "/toxics", null, cancellationToken).ConfigureAwait(false);
        return (json as JsonArray ?? []).Select(ToxiproxyToxic.FromJson).ToList();
    }

    public async Task<ToxiproxyToxic> AddToxicAsync(string proxy, ToxicSpec toxic, CancellationToken cancellationToken = default) =>
        ToxiproxyToxic.FromJson(await SendJsonAsync(HttpMethod.Post, ProxyPath(proxy) + "/toxics", toxic.ToJson(), cancellationToken).ConfigureAwait(false));

    public async Task<ToxiproxyToxic> GetToxicAsync(string proxy, string toxic, CancellationToken cancellationToken = default) =>
        ToxiproxyToxic.FromJson(await SendJsonAsync(HttpMethod.Get, ToxicPath(proxy, toxic), null, cancellationToken).ConfigureAwait(false));

    /// <summary>Attributes given replace those of the same name; the rest are kept.</summary>
    public async Task<ToxiproxyToxic> UpdateToxicAsync(string proxy, string toxic, JsonObject? attributes = null, double? toxicity = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject();
        if (attributes is not null)
        {
            body["attributes"] = attributes.DeepClone();
        }

        if (toxicity is not null)
        {
            body["toxicity"] = toxicity;
        }

        return ToxiproxyToxic.FromJson(await SendJsonAsync(HttpMethod.Post, ToxicPath(proxy, toxic), body, cancellationToken).ConfigureAwait(false));
    }

    public Task RemoveToxicAsync(string proxy, string toxic, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, ToxicPath(proxy, toxic), null, cancellationToken);

    /// <summary>Enables every proxy and removes every toxic.</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "reset", null, cancellationToken);

    /// <summary>Creates the proxies, replacing same-named ones whose addresses differ.</summary>
    public async Task<IReadOnlyList<ToxiproxyProxy>> PopulateAsync(IEnumerable<ProxySpec> proxies, CancellationToken cancellationToken = default)
    {
        var body = new JsonArray(proxies.Select(p => (JsonNode?)p.ToJson()).ToArray());
        var json = await SendJsonAsync(HttpMethod.Post, "populate", body, cancellationToken).ConfigureAwait(false);
        var list = json is JsonObject o ? o["proxies"] as JsonArray : json as JsonArray;
        return (list ?? []).Select(ToxiproxyProxy.FromJson).ToList();
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string ProxyPath(string name) => "proxies/" + Uri.EscapeDataString(name);

    private static string ToxicPath(string proxy, string toxic) => ProxyPath(proxy) + "/toxics/" + Uri.EscapeDataString(toxic);

    private async Task<JsonNode?> SendJsonAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        var text = await SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private async Task<string> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
        if (body is not null)
        {
            // StringContent sends a Content-Length (some minimal servers reject chunked bodies).
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ToxiproxyException(response.StatusCode, ErrorMessage(text));
        }

        return text;
    }

    private static string ErrorMessage(string text)
    {
        try
        {
            return JsonNode.Parse(text)?["error"]?.GetValue<string>() ?? text.Trim();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return text.Trim();
        }
    }
}
