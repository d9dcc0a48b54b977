using KafkaChaos.Proxy.Api;

namespace KafkaChaos.Faults;

/// <summary>
/// Cuts every connection through some proxies (disable, then enable again on the same address). A blackhole drops
/// bytes for good, unlike a real partition where TCP retransmits after the heal, so a peer that lost a request would
/// otherwise wait out its socket timeout (30 s for replica fetchers and the controller) before reconnecting.
/// </summary>
internal static class ProxyConnections
{
    public static async Task CutAsync(ToxiproxyClient client, IEnumerable<string> proxies, CancellationToken cancellationToken)
    {
        foreach (var proxy in proxies.Distinct())
        {
            try
            {
                await client.DisableProxyAsync(proxy, cancellationToken);
            }
            finally
            {
                await client.EnableProxyAsync(proxy, cancellationToken);
            }
        }
    }
}
