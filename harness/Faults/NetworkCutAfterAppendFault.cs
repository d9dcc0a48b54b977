using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Proxy.Kafka;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// <see cref="FaultKind.NetworkCutAfterAppend"/>: <c>drop_response</c> on Produce at the targeted broker's proxy
/// (default: the leader at injection time) for the next <c>params.count</c> (default 1) Produce requests: each is
/// appended, its response swallowed, the connection cut, so a retrying producer writes it again. In effect once the
/// toxic is added; <see cref="WaitForUsesAsync"/> waits until it has bitten. Heal removes the toxic.
/// </summary>
public sealed class NetworkCutAfterAppendFault(FaultSpec spec) : IToxicFault
{
    private readonly ToxicSet _toxics = new(spec.Name);
    private string? _done;

    public FaultSpec Spec { get; } = spec;

    public async Task InjectAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (_toxics.Toxics.Count > 0) throw new InvalidOperationException($"Fault {Spec.Name} is already injected: {_done}.");
        var clock = Stopwatch.StartNew();
        var count = FaultParameters.Count(Spec);
        var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: false, cancellationToken);
        foreach (var id in target.BrokerIds)
            await _toxics.AddAsync(context.Cluster.Faults, KafkaCluster.BrokerProxyName(id), "drop-response", ToxicSpec.DropResponse([KafkaApiKeys.Produce], count), cancellationToken);
        _done = $"dropping the responses to the next {count} Produce request(s) at {FaultLog.Brokers(target.BrokerIds)}{target.RoleSuffix}";
        FaultLog.Write(context, Spec, "inject", _done, clock);
    }

    public async Task HealAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var uses = await GetUsesAsync(context, cancellationToken);
        var removed = await _toxics.RemoveAllAsync(context.Cluster.Faults, cancellationToken);
        FaultLog.Write(context, Spec, "heal", removed == 0 ? "no toxic left to remove" : $"removed drop_response after {uses} dropped response(s)", clock);
    }

    public Task<long> GetUsesAsync(FaultContext context, CancellationToken cancellationToken) => _toxics.UsesAsync(context.Cluster.Faults, cancellationToken);

    public Task WaitForUsesAsync(FaultContext context, long count, TimeSpan timeout, CancellationToken cancellationToken) =>
        UsesWait.UntilAsync(ct => GetUsesAsync(context, ct), count, timeout, $"{Spec.Name} to drop Produce responses", cancellationToken);

    public string Describe() => $"{ScenarioKeys.EnumText(Spec.Fault)}: {_done ?? $"{TargetResolution.DescribeRole(Spec)} (not injected)"}";
}
