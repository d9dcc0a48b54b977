using System.Net;
using KafkaChaos.Proxy.Api;

namespace KafkaChaos.Faults;

/// <summary>
/// The toxics one fault added, named after the fault so several faults compose on one proxy. Each is recorded
/// before it is added, so a heal after a half-done injection removes whatever made it; removal ignores toxics
/// already gone, so healing twice is harmless.
/// </summary>
internal sealed class ToxicSet(string faultName)
{
    private readonly List<(string Proxy, string Toxic)> _toxics = [];
    private readonly HashSet<string> _blackholed = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<(string Proxy, string Toxic)> Toxics
    {
        get
        {
            lock (_lock) return _toxics.ToList();
        }
    }

    /// <summary>The proxies a blackhole of this set is (or was, until removed) on: their connections lost bytes for good.</summary>
    public IReadOnlyList<string> Blackholed
    {
        get
        {
            lock (_lock) return _blackholed.Where(p => _toxics.Any(t => t.Proxy == p)).ToList();
        }
    }

    public async Task<ToxiproxyToxic> AddAsync(ToxiproxyClient client, string proxy, string suffix, ToxicSpec spec, CancellationToken cancellationToken)
    {
        var name = $"chaos-{faultName}-{suffix}";
        lock (_lock)
        {
            if (!_toxics.Contains((proxy, name))) _toxics.Add((proxy, name));
        }
        return await client.AddToxicAsync(proxy, spec with { Name = name }, cancellationToken);
    }

    /// <summary>
    /// Drops one stream and keeps the connection: the embedded proxy's <c>blackhole</c>, or on a real Toxiproxy (which
    /// refuses that type) <c>timeout</c> 0, which does the same until removed.
    /// </summary>
    public async Task AddBlackholeAsync(ToxiproxyClient client, string proxy, string suffix, string stream, CancellationToken cancellationToken)
    {
        lock (_lock) _blackholed.Add(proxy);
        try
        {
            await AddAsync(client, proxy, suffix, ToxicSpec.Blackhole(stream), cancellationToken);
        }
        catch (ToxiproxyException ex) when (ex.Status == HttpStatusCode.BadRequest && ex.ServerMessage.Contains("type", StringComparison.OrdinalIgnoreCase))
        {
            await AddAsync(client, proxy, suffix, ToxicSpec.Timeout(0, stream), cancellationToken);
        }
    }

    /// <summary>Total uses of the toxics still present (toxics already removed count 0).</summary>
    public async Task<long> UsesAsync(ToxiproxyClient client, CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var (proxy, toxic) in Toxics)
        {
            try
            {
                total += (await client.GetToxicAsync(proxy, toxic, cancellationToken)).Uses ?? 0;
            }
            catch (ToxiproxyException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
            }
        }
        return total;
    }

    public async Task<long> UsesAsync(ToxiproxyClient client, string proxy, string toxic, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetToxicAsync(proxy, toxic, cancellationToken)).Uses ?? 0;
        }
        catch (ToxiproxyException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            return 0;
        }
    }

    /// <summary>Removes every recorded toxic (all attempted, the first failure rethrown); returns how many were present.</summary>
    public async Task<int> RemoveAllAsync(ToxiproxyClient client, CancellationToken cancellationToken)
    {
        var removed = 0;
        var errors = new List<Exception>();
        foreach (var (proxy, toxic) in Toxics)
        {
            try
            {
                await client.RemoveToxicAsync(proxy, toxic, cancellationToken);
                removed++;
            }
            catch (ToxiproxyException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
            }
            catch (Exception ex) when (ex is ToxiproxyException or HttpRequestException)
            {
                errors.Add(ex);
                continue;
            }
            lock (_lock) _toxics.Remove((proxy, toxic));
        }
        if (errors.Count > 0) throw new AggregateException("Some toxics could not be removed.", errors);
        return removed;
    }
}
