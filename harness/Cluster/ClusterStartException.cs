namespace KafkaChaos.Cluster;

/// <summary>
/// The cluster did not become ready. The message names the node and carries the tail of its log, so a
/// test failure shows why without a trip to the run directory.
/// </summary>
internal sealed class ClusterStartException : Exception
{
    public ClusterStartException(string message) : base(message) { }
    public ClusterStartException(string message, Exception inner) : base(message, inner) { }
}
