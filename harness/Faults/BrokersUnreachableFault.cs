using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// <see cref="FaultKind.BrokersUnreachable"/>: a two-way blackhole on the proxy of every targeted broker (default:
/// all): connections stay open, nothing arrives, clients see timeouts. Replication and controller requests cross the
/// same proxies, so they are cut too (followers fall out of the ISR after replica.lag.time.max.ms); the ZooKeeper
/// links stay up, so no broker is declared dead. In effect once the toxics are added. Heal removes them and then cuts
/// every connection through those proxies (disable/enable): the bytes a blackhole dropped are gone for good, so peers
/// waiting for an answer would otherwise sit out their socket timeouts (30 s for replica fetchers) before reconnecting.
/// </summary>
public sealed class BrokersUnreachableFault(FaultSpec spec) : IToxicFault
{
    private readonly ToxicSet _toxics = new(spec.Name);
    private readonly HashSet<string> _toCut = [];
    private string? _done;

    public FaultSpec Spec { get; } = spec;

    public async Task InjectAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (_toxics.Toxics.Count > 0) throw new InvalidOperationException($"Fault {Spec.Name} is already injected: {_done}.");
        var clock = Stopwatch.StartNew();
        var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: false, cancellationToken);
        foreach (var id in target.BrokerIds)
        {
            var proxy = KafkaCluster.BrokerProxyName(id);
            await _toxics.AddBlackholeAsync(context.Cluster.Faults, proxy, "unreachable-up", ToxicSpec.Upstream, cancellationToken);
            await _toxics.AddBlackholeAsync(context.Cluster.Faults, proxy, "unreachable-down", ToxicSpec.Downstream, cancellationToken);
        }
        _done = $"blackholed {FaultLog.Brokers(target.BrokerIds)}{target.RoleSuffix} both ways (clients and replication; ZooKeeper links up)";
        FaultLog.Write(context, Spec, "inject", _done, clock);
    }

    public async Task HealAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var blackholed = _toxics.Toxics.Where(t => t.Toxic.EndsWith("-up", StringComparison.Ordinal)).Select(t => t.Proxy).ToList();
        _toCut.UnionWith(blackholed);
        var removed = await _toxics.RemoveAllAsync(context.Cluster.Faults, cancellationToken);
        await ProxyConnections.CutAsync(context.Cluster.Faults, _toCut, cancellationToken);
        FaultLog.Write(context, Spec, "heal", removed == 0 ? "no toxic left to remove" : $"removed {removed} blackholes, cut the connections through {string.Join(", ", blackholed)}", clock);
    }

    public Task<long> GetUsesAsync(FaultContext context, CancellationToken cancellationToken) => _toxics.UsesAsync(context.Cluster.Faults, cancellationToken);

    public Task WaitForUsesAsync(FaultContext context, long count, TimeSpan timeout, CancellationToken cancellationToken) =>
        UsesWait.UntilAsync(ct => GetUsesAsync(context, ct), count, timeout, $"{Spec.Name} to drop traffic", cancellationToken);

    public string Describe() => $"{ScenarioKeys.EnumText(Spec.Fault)}: {_done ?? $"{TargetResolution.DescribeRole(Spec)} (not injected)"}";
}
