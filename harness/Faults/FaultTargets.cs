using KafkaChaos.Cluster;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// Resolves a <see cref="FaultTarget"/> to broker ids against one partition state (pure, so it is unit-tested).
/// Roles take the lowest ids first when <see cref="FaultTarget.Count"/> is set.
/// </summary>
internal static class FaultTargets
{
    /// <summary>The role a kind acts on when its target says <see cref="TargetKind.Default"/>.</summary>
    public static TargetKind DefaultRole(FaultKind kind) => kind switch
    {
        FaultKind.StallReplicaFetch or FaultKind.FollowerOutOfIsr => TargetKind.Followers,
        FaultKind.BrokersUnreachable or FaultKind.ConnectionBlip => TargetKind.AllBrokers,
        _ => TargetKind.Leader,
    };

    /// <summary>The brokers <paramref name="target"/> names for <paramref name="kind"/>, ascending ids (a leader target: one id).</summary>
    /// <exception cref="InvalidOperationException">The partition has no leader and the target needs one, or the role is empty.</exception>
    /// <exception cref="ArgumentException">The target is not a broker target or names an unknown broker.</exception>
    public static IReadOnlyList<int> Resolve(FaultKind kind, FaultTarget target, PartitionState partition, IReadOnlyList<int> brokerIds)
    {
        var role = target.Kind == TargetKind.Default ? DefaultRole(kind) : target.Kind;
        if (kind == FaultKind.LeaderKill && role != TargetKind.Leader)
            throw new ArgumentException($"leaderKill always kills the leader (target {target}); use brokerKill for other brokers.", nameof(target));
        IEnumerable<int> ids = role switch
        {
            TargetKind.Leader => [RequireLeader(partition)],
            TargetKind.Followers => RequireLeaderThen(partition, partition.Followers),
            TargetKind.Isr => partition.Isr,
            TargetKind.AllBrokers => brokerIds,
            TargetKind.Broker => [target.Index is int id && brokerIds.Contains(id)
                ? id
                : throw new ArgumentException($"Target {target} names no broker of this cluster ({string.Join(", ", brokerIds)}).", nameof(target))],
            _ => throw new ArgumentException($"{ScenarioKeys.EnumText(kind)} acts on brokers; target {target} is a worker or group target.", nameof(target)),
        };
        var resolved = ids.Distinct().Order().ToList();
        if (target.Count is int count && role is not (TargetKind.Leader or TargetKind.Broker))
            resolved = resolved.Take(count).ToList();
        if (resolved.Count == 0)
            throw new InvalidOperationException($"Target {(target.Kind == TargetKind.Default ? role.ToString() : target.ToString())} of {ScenarioKeys.EnumText(kind)} is empty for {partition}.");
        return resolved;
    }

    /// <summary>
    /// The followers whose replica fetches a stall holds at the leader's proxy: the resolved target, which must not
    /// contain the leader (a leader does not fetch from itself).
    /// </summary>
    public static IReadOnlyList<int> ResolveFollowers(FaultKind kind, FaultTarget target, PartitionState partition, IReadOnlyList<int> brokerIds)
    {
        var leader = RequireLeader(partition);
        var resolved = Resolve(kind, target, partition, brokerIds);
        if (target.Kind is TargetKind.Isr or TargetKind.AllBrokers)
            resolved = resolved.Where(id => id != leader).ToList();
        if (resolved.Contains(leader))
            throw new ArgumentException($"{ScenarioKeys.EnumText(kind)} holds followers' fetches, but target {target} is the leader ({partition}).", nameof(target));
        if (resolved.Count == 0)
            throw new InvalidOperationException($"{ScenarioKeys.EnumText(kind)}: target {target} has no follower in {partition}.");
        return resolved;
    }

    private static int RequireLeader(PartitionState partition) =>
        partition.HasLeader ? partition.Leader : throw new InvalidOperationException($"{partition}: no leader to resolve the target against.");

    private static IReadOnlyList<int> RequireLeaderThen(PartitionState partition, IReadOnlyList<int> ids)
    {
        RequireLeader(partition);
        return ids;
    }
}
