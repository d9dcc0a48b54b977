using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// <see cref="FaultKind.ConnectionBlip"/>: <c>reset_peer</c> (timeout 0) both ways on the proxy of every targeted
/// broker (default: all) until healed. Any connection that carries a byte in either direction while it is present
/// (a new request, or the response to one in flight) is reset with a TCP RST and that byte is lost: in-flight
/// requests fail (a request may already be appended when its response is reset) and retries are consumed; idle
/// connections are reset at their next byte. Replication and controller traffic cross the same proxies and are
/// reset too. In effect once the toxics are added. Heal removes them.
/// </summary>
internal sealed class ConnectionBlipFault(FaultSpec spec) : ToxicFault(spec, "resets")
{
    private protected override async Task<string> AddToxicsAsync(FaultContext context, Stopwatch clock, CancellationToken cancellationToken)
    {
        var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: false, cancellationToken);
        foreach (var id in target.BrokerIds)
        {
            var proxy = KafkaCluster.BrokerProxyName(id);
            await Toxics.AddAsync(context.Cluster.Faults, proxy, "blip-up", ToxicSpec.ResetPeer(0, ToxicSpec.Upstream), cancellationToken);
            await Toxics.AddAsync(context.Cluster.Faults, proxy, "blip-down", ToxicSpec.ResetPeer(0, ToxicSpec.Downstream), cancellationToken);
        }
        return $"resetting every connection to {FaultLog.Brokers(target.BrokerIds)}{target.RoleSuffix} at its next byte";
    }
}
