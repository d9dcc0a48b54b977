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
internal sealed class StallReplicaFetchFault(FaultSpec spec) : ToxicFault(spec, "held fetches")
{
    /// <summary>The followers held and the leader whose proxy holds them, once injected.</summary>
    public (int Leader, IReadOnlyList<int> Followers)? Stalled { get; private set; }

    private protected override async Task<string> AddToxicsAsync(FaultContext context, Stopwatch clock, CancellationToken cancellationToken)
    {
        var cluster = context.Cluster;
        var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: true, cancellationToken);
        var leader = target.Partition.Leader;
        var followers = target.BrokerIds;
        var proxy = KafkaCluster.BrokerProxyName(leader);
        // One toxic per follower, so its uses tell that this follower (not another one twice) has a fetch held.
        var toxics = new List<(int Follower, ToxiproxyToxic Toxic)>();
        foreach (var follower in followers)
            toxics.Add((follower, await Toxics.AddAsync(cluster.Faults, proxy, $"stall-{follower}", ToxicSpec.StallReplicaFetch([follower]), cancellationToken)));
        Stalled = (leader, followers);
        var outOfIsr = Spec.Fault == FaultKind.FollowerOutOfIsr;
        var timeout = FaultParameters.Timeout(Spec, outOfIsr
            ? TimeSpan.FromMilliseconds(Math.Max(30_000, 5 * cluster.Tuning.ReplicaLagTimeMaxMs))
            : TimeSpan.FromSeconds(30));
        var fetching = toxics.Where(t => t.Toxic.Uses is not null && cluster.Broker(t.Follower).State == BrokerState.Running).ToList();
        foreach (var (follower, toxic) in fetching)
        {
            await UsesWait.UntilAsync(ct => Toxics.UsesAsync(cluster.Faults, proxy, toxic.Name, ct), 1, timeout,
                $"a held fetch of follower {follower} at {proxy}", cancellationToken);
        }
        var held = fetching.Count > 0 ? $", a fetch of {FaultLog.Brokers(fetching.Select(t => t.Follower))} held after {clock.Elapsed.TotalSeconds:0.0} s" : "";
        if (outOfIsr)
        {
            var state = await cluster.WaitForPartitionAsync(context.Topic, Spec.Target.Partition, s => !s.Isr.Any(followers.Contains),
                $"{FaultLog.Brokers(followers)} to leave the ISR of {context.Topic}-{Spec.Target.Partition}", timeout, cancellationToken);
            held += $", ISR now [{string.Join(",", state.Isr)}]";
        }
        return $"stalled replica fetches of {FaultLog.Brokers(followers)}{target.RoleSuffix} at leader {leader}'s proxy{held}";
    }
}
