namespace KafkaChaos.Proxy;

/// <summary>A proxy as it runs: <see cref="Listen"/> is the actually bound address (never port 0 once enabled).</summary>
internal sealed record ProxyInfo(
    string Name,
    string Listen,
    string Upstream,
    bool Enabled,
    ProxyProtocol Protocol)
{
    /// <summary>The bound port, for brokers' advertised listeners.</summary>
    public int ListenPort => Endpoints.ParseHostPort(Listen).Port;
}
