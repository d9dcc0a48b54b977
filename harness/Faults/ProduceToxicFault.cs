using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Proxy.Kafka;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// A Kafka-aware toxic on Produce at the targeted broker's proxy (default: the leader at injection time), for the
/// next <c>params.count</c> (default 1) Produce requests. In effect once the toxic is added;
/// <see cref="IToxicFault.WaitForUsesAsync"/> waits until it has bitten. Heal removes the toxic.
/// <list type="bullet">
/// <item><see cref="FaultKind.NetworkCutAfterAppend"/>: <c>drop_response</c>: each request is appended, its response
/// swallowed and the connection cut, so a retrying producer writes it again.</item>
/// <item><see cref="FaultKind.DropProduceRequest"/>: <c>drop_request</c>: each request is swallowed before the broker sees
/// it; the connection is cut unless <c>params.cut</c> is false (then later requests are answered first and the
/// swallowed one times out).</item>
/// </list>
/// </summary>
internal sealed class ProduceToxicFault : ToxicFault
{
    private readonly string _suffix;
    private readonly Func<long, ToxicSpec> _toxic;
    private readonly string _effect;

    private ProduceToxicFault(FaultSpec spec, string suffix, Func<long, ToxicSpec> toxic, string effect)
        : base(spec, "bitten Produce requests")
    {
        _suffix = suffix;
        _toxic = toxic;
        _effect = effect;
    }

    public static ProduceToxicFault NetworkCutAfterAppend(FaultSpec spec) =>
        new(spec, "drop-response", count => ToxicSpec.DropResponse([KafkaApiKeys.Produce], count), "dropping the responses to the next {0} Produce request(s)");

    public static ProduceToxicFault DropProduceRequest(FaultSpec spec)
    {
        var cut = !spec.Params.TryGetValue("cut", out var cutText) || bool.Parse(cutText);
        return new(spec, "drop-request", count => ToxicSpec.DropRequest([KafkaApiKeys.Produce], count, cut),
            "dropping the next {0} Produce request(s) before the broker sees them" + (cut ? ", cutting the connection," : ", leaving the connection open,"));
    }

    private protected override async Task<string> AddToxicsAsync(FaultContext context, Stopwatch clock, CancellationToken cancellationToken)
    {
        var count = FaultParameters.Count(Spec);
        var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: false, cancellationToken);
        foreach (var id in target.BrokerIds)
            await Toxics.AddAsync(context.Cluster.Faults, KafkaCluster.BrokerProxyName(id), _suffix, _toxic(count), cancellationToken);
        return $"{string.Format(_effect, count)} at {FaultLog.Brokers(target.BrokerIds)}{target.RoleSuffix}";
    }
}
