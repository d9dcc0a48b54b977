using KafkaChaos.Cluster;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>A target resolved at injection time: the broker ids, the partition state they were read from, and how
/// to say which role they played ("leader of p0").</summary>
internal sealed record TargetResolution(IReadOnlyList<int> BrokerIds, PartitionState Partition, string Role)
{
    /// <summary>Reads the partition (only when the role needs it) and resolves <paramref name="spec"/>'s target.</summary>
    public static async Task<TargetResolution> ResolveAsync(FaultContext context, FaultSpec spec, bool followersOnly, CancellationToken cancellationToken)
    {
        var role = RoleOf(spec);
        var needsPartition = followersOnly || role is TargetKind.Leader or TargetKind.Followers or TargetKind.Isr;
        var partition = needsPartition
            ? await context.Cluster.GetPartitionAsync(context.Topic, spec.Target.Partition, cancellationToken)
            : new PartitionState(context.Topic, spec.Target.Partition, -1, [], []);
        var brokerIds = context.Cluster.Brokers.Select(b => b.Id).ToList();
        var ids = followersOnly
            ? FaultTargets.ResolveFollowers(spec.Fault, spec.Target, partition, brokerIds)
            : FaultTargets.Resolve(spec.Fault, spec.Target, partition, brokerIds);
        context.ResolvedBrokers[spec.Name] = ids;
        return new TargetResolution(ids, partition, DescribeRole(spec));
    }

    /// <summary>" (leader of p0)" after the broker ids; empty when the target named the broker itself.</summary>
    public string RoleSuffix => Role.StartsWith("broker ", StringComparison.Ordinal) ? "" : $" ({Role})";

    public static TargetKind RoleOf(FaultSpec spec) =>
        spec.Target.Kind == TargetKind.Default ? FaultTargets.DefaultRole(spec.Fault) : spec.Target.Kind;

    /// <summary>"leader of p0", "1 follower(s) of p0", "all brokers", "broker 2".</summary>
    public static string DescribeRole(FaultSpec spec) => (spec.Target with { Kind = RoleOf(spec) }).ToString();
}
