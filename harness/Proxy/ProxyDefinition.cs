namespace KafkaChaos.Proxy;

/// <summary>What to proxy: the same fields as a Toxiproxy proxy, plus <see cref="Protocol"/>.</summary>
/// <param name="Name">Unique proxy name.</param>
/// <param name="Listen">host:port to bind; port 0 binds a free port (see <see cref="ProxyInfo.Listen"/>).</param>
/// <param name="Upstream">host:port to connect each accepted connection to.</param>
/// <param name="Enabled">Accept connections right away. Default true.</param>
/// <param name="Protocol">Default <see cref="ProxyProtocol.Tcp"/>; Kafka enables frame parsing and Kafka toxics.</param>
internal sealed record ProxyDefinition(
    string Name,
    string Listen,
    string Upstream,
    bool Enabled = true,
    ProxyProtocol Protocol = ProxyProtocol.Tcp);
