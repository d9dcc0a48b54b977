using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// <see cref="FaultKind.StallReplicaFetch"/> and <see cref="FaultKind.FollowerOutOfIsr"/>: <c>stall_replica_fetch</c>
/// at the proxy of the partition's leader (at injection time) for the targeted followers (default: all of them), so
/// they copy nothing from it while clients are unaffected (one toxic per follower). StallReplicaFetch is in effect
/// once each targeted running follower has a fetch held (a fetch already inside the broker would otherwise still copy the next write);
/// FollowerOutOfIsr additionally waits until the ISR no longer contains any targeted follower. Both wait at most
/// <c>params.timeoutMs</c> (default 30 s, at least 5 × replica.lag.time.max.ms for FollowerOutOfIsr). Heal removes
/// the toxic: held fetches go on in order and the followers catch up (the ISR refills on its own; see
/// <see cref="ClusterHealth.WaitHealthyAsync"/>).
/// </summary>
public sealed class StallReplicaFetchFault(FaultSpec spec) : IToxicFault
{
    private readonly ToxicSet _toxics = new(spec.Name);
    private string? _done;

    public FaultSpec Spec { get; } = spec;

    /// <summary>The followers held and the leader whose proxy holds them, once injected.</summary>
    public (int Leader, IReadOnlyList<int> Followers)? Stalled { get; private set; }

    public async Task InjectAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (_toxics.Toxics.Count > 0) throw new InvalidOperationException($"Fault {Spec.Name} is already injected: {_done}.");
        var clock = Stopwatch.StartNew();
        var cluster = context.Cluster;
        var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: true, cancellationToken);
        var leader = target.Partition.Leader;
        var followers = target.BrokerIds;
        var proxy = KafkaCluster.BrokerProxyName(leader);
        // One toxic per follower, so its uses tell that this follower (not another one twice) has a fetch held.
        var toxics = new List<(int Follower, ToxiproxyToxic Toxic)>();
        foreach (var follower in followers)
            toxics.Add((follower, await _toxics.AddAsync(cluster.Faults, proxy, $"stall-{follower}", ToxicSpec.StallReplicaFetch([follower]), cancellationToken)));
        Stalled = (leader, followers);
        var outOfIsr = Spec.Fault == FaultKind.FollowerOutOfIsr;
        var timeout = FaultParameters.Timeout(Spec, outOfIsr
            ? TimeSpan.FromMilliseconds(Math.Max(30_000, 5 * cluster.Tuning.ReplicaLagTimeMaxMs))
            : TimeSpan.FromSeconds(30));
        var fetching = toxics.Where(t => t.Toxic.Uses is not null && cluster.Broker(t.Follower).State == BrokerState.Running).ToList();
        foreach (var (follower, toxic) in fetching)
        {
            await UsesWait.UntilAsync(ct => _toxics.UsesAsync(cluster.Faults, proxy, toxic.Name, ct), 1, timeout,
                $"a held fetch of follower {follower} at {proxy}", cancellationToken);
        }
        var held = fetching.Count > 0 ? $", a fetch of {FaultLog.Brokers(fetching.Select(t => t.Follower))} held after {clock.Elapsed.TotalSeconds:0.0} s" : "";
        if (outOfIsr)
        {
            var state = await cluster.WaitForPartitionAsync(context.Topic, Spec.Target.Partition, s => !s.Isr.Any(followers.Contains),
                $"{FaultLog.Brokers(followers)} to leave the ISR of {context.Topic}-{Spec.Target.Partition}", timeout, cancellationToken);
            held += $", ISR now [{string.Join(",", state.Isr)}]";
        }
        _done = $"stalled replica fetches of {FaultLog.Brokers(followers)}{target.RoleSuffix} at leader {leader}'s proxy{held}";
        FaultLog.Write(context, Spec, "inject", _done, clock);
    }

    public async Task HealAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var uses = await GetUsesAsync(context, cancellationToken);
        var removed = await _toxics.RemoveAllAsync(context.Cluster.Faults, cancellationToken);
        FaultLog.Write(context, Spec, "heal", removed == 0 ? "no toxic left to remove" : $"released the stall after {uses} held fetch(es)", clock);
    }

    public Task<long> GetUsesAsync(FaultContext context, CancellationToken cancellationToken) => _toxics.UsesAsync(context.Cluster.Faults, cancellationToken);

    public Task WaitForUsesAsync(FaultContext context, long count, TimeSpan timeout, CancellationToken cancellationToken) =>
        UsesWait.UntilAsync(ct => GetUsesAsync(context, ct), count, timeout, $"{Spec.Name} to hold fetches", cancellationToken);

    public string Describe() => $"{ScenarioKeys.EnumText(Spec.Fault)}: {_done ?? $"{TargetResolution.DescribeRole(Spec)} (not injected)"}";
}
