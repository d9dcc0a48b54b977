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
/// Known gap: in KRaft mode the controller quorum port is not proxied, so the isolated node still votes.
/// </summary>
public sealed class IsolateBrokerFault(FaultSpec spec) : IToxicFault
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
        var cluster = context.Cluster;
        foreach (var id in target.BrokerIds)
        {
            var own = KafkaCluster.BrokerProxyName(id);
            await _toxics.AddBlackholeAsync(cluster.Faults, own, "isolate-up", ToxicSpec.Upstream, cancellationToken);
            await _toxics.AddBlackholeAsync(cluster.Faults, own, "isolate-down", ToxicSpec.Downstream, cancellationToken);
            if (!cluster.UsesKRaft)
            {
                var zooKeeper = KafkaCluster.ZooKeeperProxyName(id);
                await _toxics.AddBlackholeAsync(cluster.Faults, zooKeeper, "isolate-up", ToxicSpec.Upstream, cancellationToken);
                await _toxics.AddBlackholeAsync(cluster.Faults, zooKeeper, "isolate-down", ToxicSpec.Downstream, cancellationToken);
            }
        }
        foreach (var other in cluster.Brokers.Select(b => b.Id).Except(target.BrokerIds))
        {
            await _toxics.AddAsync(cluster.Faults, KafkaCluster.BrokerProxyName(other), "isolate-fetch",
                ToxicSpec.StallReplicaFetch(target.BrokerIds), cancellationToken);
        }
        _done = $"isolated {FaultLog.Brokers(target.BrokerIds)}{target.RoleSuffix}: own proxy{(cluster.UsesKRaft ? "" : " and ZooKeeper link")} blackholed both ways, its fetches held at the others";
        FaultLog.Write(context, Spec, "inject", _done, clock);
    }

    public async Task HealAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var blackholed = _toxics.Toxics.Where(t => t.Toxic.EndsWith("-up", StringComparison.Ordinal)).Select(t => t.Proxy).ToList();
        _toCut.UnionWith(blackholed);
        var removed = await _toxics.RemoveAllAsync(context.Cluster.Faults, cancellationToken);
        await ProxyConnections.CutAsync(context.Cluster.Faults, _toCut, cancellationToken);
        FaultLog.Write(context, Spec, "heal", removed == 0 ? "no toxic left to remove" : $"removed {removed} toxics, cut the connections through {string.Join(", ", blackholed)}", clock);
    }

    public Task<long> GetUsesAsync(FaultContext context, CancellationToken cancellationToken) => _toxics.UsesAsync(context.Cluster.Faults, cancellationToken);

    public Task WaitForUsesAsync(FaultContext context, long count, TimeSpan timeout, CancellationToken cancellationToken) =>
        UsesWait.UntilAsync(ct => GetUsesAsync(context, ct), count, timeout, $"{Spec.Name}'s toxics to bite", cancellationToken);

    public string Describe() => $"{ScenarioKeys.EnumText(Spec.Fault)}: {_done ?? $"{TargetResolution.DescribeRole(Spec)} (not injected)"}";
}
