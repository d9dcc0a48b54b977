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
public sealed class ConnectionBlipFault(FaultSpec spec) : IToxicFault
{
    private readonly ToxicSet _toxics = new(spec.Name);
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
            await _toxics.AddAsync(context.Cluster.Faults, proxy, "blip-up", ToxicSpec.ResetPeer(0, ToxicSpec.Upstream), cancellationToken);
            await _toxics.AddAsync(context.Cluster.Faults, proxy, "blip-down", ToxicSpec.ResetPeer(0, ToxicSpec.Downstream), cancellationToken);
        }
        _done = $"resetting every connection to {FaultLog.Brokers(target.BrokerIds)}{target.RoleSuffix} at its next byte";
        FaultLog.Write(context, Spec, "inject", _done, clock);
    }

    public async Task HealAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var uses = await GetUsesAsync(context, cancellationToken);
        var removed = await _toxics.RemoveAllAsync(context.Cluster.Faults, cancellationToken);
        FaultLog.Write(context, Spec, "heal", removed == 0 ? "no toxic left to remove" : $"removed reset_peer after {uses} reset(s)", clock);
    }

    public Task<long> GetUsesAsync(FaultContext context, CancellationToken cancellationToken) => _toxics.UsesAsync(context.Cluster.Faults, cancellationToken);

    public Task WaitForUsesAsync(FaultContext context, long count, TimeSpan timeout, CancellationToken cancellationToken) =>
        UsesWait.UntilAsync(ct => GetUsesAsync(context, ct), count, timeout, $"{Spec.Name} to reset connections", cancellationToken);

    public string Describe() => $"{ScenarioKeys.EnumText(Spec.Fault)}: {_done ?? $"{TargetResolution.DescribeRole(Spec)} (not injected)"}";
}
