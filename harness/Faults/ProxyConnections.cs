using KafkaChaos.Proxy.Api;

namespace KafkaChaos.Faults;

/// <summary>
/// Cuts every connection through some proxies (disable, then enable again on the same address). A blackhole drops
/// bytes for good, unlike a real partition where TCP retransmits after the heal, so a peer that lost a request would
/// otherwise wait out its socket timeout (30 s for replica fetchers and the controller) before reconnecting.
/// </summary>
internal static class ProxyConnections
{
    /// <summary>Cuts the connections through each proxy in <paramref name="pending"/> and removes it from the set once it
    /// is enabled again, so a heal that failed halfway finishes the job when called again.</summary>
    public static async Task CutAsync(ToxiproxyClient client, ISet<string> pending, CancellationToken cancellationToken)
    {
        foreach (var proxy in pending.ToList())
        {
            try
            {
                await client.DisableProxyAsync(proxy, cancellationToken);
            }
            finally
            {
                await client.EnableProxyAsync(proxy, cancellationToken);
            }
            pending.Remove(proxy);
        }
    }
}
