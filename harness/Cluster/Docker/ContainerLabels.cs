namespace KafkaChaos.Cluster.Docker;

/// <summary>The labels every container of this harness carries, so a later start can find and reap those of a dead owner.</summary>
internal static class ContainerLabels
{
    /// <summary>Present on every kafka-chaos container; the value is the cluster's run id.</summary>
    public const string Run = "kafka-chaos.run";

    /// <summary>"PID STARTTICKS" of the harness process that owns the container.</summary>
    public const string Owner = "kafka-chaos.owner";

    /// <summary>The node's name (broker-1, zookeeper, tool).</summary>
    public const string Node = "kafka-chaos.node";

    /// <summary>This process as an owner label value.</summary>
    public static string ThisOwner { get; } = $"{Environment.ProcessId} {RunDirectory.ProcessStartTicks(Environment.ProcessId)}";

    /// <summary>True while the owner named by <paramref name="owner"/> is alive.</summary>
    public static bool OwnerAlive(string? owner)
    {
        var parts = (owner ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && int.TryParse(parts[0], out var pid) && RunDirectory.IsAlive(pid, parts[1]);
    }
}
