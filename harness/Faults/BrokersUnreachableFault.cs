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
internal sealed class BrokersUnreachableFault(FaultSpec spec) : ToxicFault(spec, "dropped chunks")
{
    private protected override async Task<string> AddToxicsAsync(FaultContext context, Stopwatch clock, CancellationToken cancellationToken)
    {
        var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: false, cancellationToken);
        foreach (var id in target.BrokerIds)
        {
            var proxy = KafkaCluster.BrokerProxyName(id);
            await Toxics.AddBlackholeAsync(context.Cluster.Faults, proxy, "unreachable-up", ToxicSpec.Upstream, cancellationToken);
            await Toxics.AddBlackholeAsync(context.Cluster.Faults, proxy, "unreachable-down", ToxicSpec.Downstream, cancellationToken);
        }
        return $"blackholed {FaultLog.Brokers(target.BrokerIds)}{target.RoleSuffix} both ways (clients and replication; ZooKeeper links up)";
    }
}
