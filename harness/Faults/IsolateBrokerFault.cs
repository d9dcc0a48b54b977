using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// <see cref="FaultKind.IsolateBroker"/>: cut the targeted brokers (default: the leader at injection time) off
/// everything, as a network partition would: a two-way blackhole on each one's own proxy (clients, the other
/// brokers' fetches from it, controller requests to it), a two-way blackhole on its ZooKeeper link (its session
/// expires after the session timeout, so the controller moves its leaderships), and its replica fetches held at
/// every other broker's proxy (<c>stall_replica_fetch</c> with its id: the other proxies keep serving everyone
/// else). In effect once every toxic is added. Heal removes them all (held fetches are released in order) and
/// then cuts every connection through the blackholed proxies (disable/enable): the bytes a blackhole dropped are gone
/// for good, so peers waiting for an answer would otherwise sit out their socket timeouts (30 s) before reconnecting.
/// Heal ends when the isolated brokers are registered again (their sessions expired while they were cut off).
/// Known gap: in KRaft mode the controller quorum port is not proxied, so the isolated node still votes.
/// </summary>
internal sealed class IsolateBrokerFault(FaultSpec spec) : ToxicFault(spec, "toxic uses")
{
    private IReadOnlyList<int> _isolated = [];
    private DateTime _isolatedSince;

    private protected override async Task<string> AddToxicsAsync(FaultContext context, Stopwatch clock, CancellationToken cancellationToken)
    {
        var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: false, cancellationToken);
        _isolated = target.BrokerIds;
        _isolatedSince = DateTime.UtcNow;
        var cluster = context.Cluster;
        foreach (var id in target.BrokerIds)
        {
            var own = KafkaCluster.BrokerProxyName(id);
            await Toxics.AddBlackholeAsync(cluster.Faults, own, "isolate-up", ToxicSpec.Upstream, cancellationToken);
            await Toxics.AddBlackholeAsync(cluster.Faults, own, "isolate-down", ToxicSpec.Downstream, cancellationToken);
            if (!cluster.UsesKRaft)
            {
                var zooKeeper = KafkaCluster.ZooKeeperProxyName(id);
                await Toxics.AddBlackholeAsync(cluster.Faults, zooKeeper, "isolate-up", ToxicSpec.Upstream, cancellationToken);
                await Toxics.AddBlackholeAsync(cluster.Faults, zooKeeper, "isolate-down", ToxicSpec.Downstream, cancellationToken);
            }
        }
        foreach (var other in cluster.Brokers.Select(b => b.Id).Except(target.BrokerIds))
        {
            await Toxics.AddAsync(cluster.Faults, KafkaCluster.BrokerProxyName(other), "isolate-fetch",
                ToxicSpec.StallReplicaFetch(target.BrokerIds), cancellationToken);
        }
        return $"isolated {FaultLog.Brokers(target.BrokerIds)}{target.RoleSuffix}: own proxy{(cluster.UsesKRaft ? "" : " and ZooKeeper link")} blackholed both ways, its fetches held at the others";
    }

    private protected override async Task<string> AfterHealAsync(FaultContext context, CancellationToken cancellationToken)
    {
        // One stopped meanwhile (by another fault) has nothing to rejoin.
        var running = _isolated.Where(id => context.Cluster.Broker(id).State == BrokerState.Running).ToList();
        _isolated = [];
        if (running.Count == 0) return "";
        await context.Cluster.WaitForRejoinAsync(running, _isolatedSince, cancellationToken);
        return $", {FaultLog.Brokers(running)} registered again";
    }
}
