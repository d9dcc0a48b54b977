using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Proxy.Kafka;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// A Kafka-aware toxic on Produce at the targeted broker's proxy (default: the leader at injection time), for the
/// next <c>params.count</c> (default 1) Produce requests. In effect once the toxic is added;
/// <see cref="WaitForUsesAsync"/> waits until it has bitten. Heal removes the toxic.
/// <list type="bullet">
/// <item><see cref="FaultKind.NetworkCutAfterAppend"/>: <c>drop_response</c>: each request is appended, its response
/// swallowed and the connection cut, so a retrying producer writes it again.</item>
/// <item><see cref="FaultKind.DropProduceRequest"/>: <c>drop_request</c>: each request is swallowed before the broker sees
/// it; the connection is cut unless <c>params.cut</c> is false (then later requests are answered first and the
/// swallowed one times out).</item>
/// </list>
/// </summary>
public sealed class ProduceToxicFault : IToxicFault
{
    private readonly ToxicSet _toxics;
    private readonly string _suffix;
    private readonly Func<long, ToxicSpec> _toxic;
    private readonly string _effect;
    private string? _done;

    private ProduceToxicFault(FaultSpec spec, string suffix, Func<long, ToxicSpec> toxic, string effect)
    {
        Spec = spec;
        _toxics = new ToxicSet(spec.Name);
        _suffix = suffix;
        _toxic = toxic;
        _effect = effect;
    }

    public FaultSpec Spec { get; }

    public static ProduceToxicFault NetworkCutAfterAppend(FaultSpec spec) =>
        new(spec, "drop-response", count => ToxicSpec.DropResponse([KafkaApiKeys.Produce], count), "dropping the responses to the next {0} Produce request(s)");

    public static ProduceToxicFault DropProduceRequest(FaultSpec spec)
    {
        var cut = !spec.Params.TryGetValue("cut", out var cutText) || bool.Parse(cutText);
        return new(spec, "drop-request", count => ToxicSpec.DropRequest([KafkaApiKeys.Produce], count, cut),
            "dropping the next {0} Produce request(s) before the broker sees them" + (cut ? ", cutting the connection," : ", leaving the connection open,"));
    }

    public async Task InjectAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (_toxics.Toxics.Count > 0) throw new InvalidOperationException($"Fault {Spec.Name} is already injected: {_done}.");
        var clock = Stopwatch.StartNew();
        var count = FaultParameters.Count(Spec);
        var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: false, cancellationToken);
        foreach (var id in target.BrokerIds)
            await _toxics.AddAsync(context.Cluster.Faults, KafkaCluster.BrokerProxyName(id), _suffix, _toxic(count), cancellationToken);
        _done = $"{string.Format(_effect, count)} at {FaultLog.Brokers(target.BrokerIds)}{target.RoleSuffix}";
        FaultLog.Write(context, Spec, "inject", _done, clock);
    }

    public async Task HealAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var uses = await GetUsesAsync(context, cancellationToken);
        var removed = await _toxics.RemoveAllAsync(context.Cluster.Faults, cancellationToken);
        FaultLog.Write(context, Spec, "heal", removed == 0 ? "no toxic left to remove" : $"removed {_suffix} after {uses} bite(s)", clock);
    }

    public Task<long> GetUsesAsync(FaultContext context, CancellationToken cancellationToken) => _toxics.UsesAsync(context.Cluster.Faults, cancellationToken);

    public Task WaitForUsesAsync(FaultContext context, long count, TimeSpan timeout, CancellationToken cancellationToken) =>
        UsesWait.UntilAsync(ct => GetUsesAsync(context, ct), count, timeout, $"{Spec.Name} to bite Produce requests", cancellationToken);

    public string Describe() => $"{ScenarioKeys.EnumText(Spec.Fault)}: {_done ?? $"{TargetResolution.DescribeRole(Spec)} (not injected)"}";
}
