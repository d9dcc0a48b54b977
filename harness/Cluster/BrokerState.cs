namespace KafkaChaos.Cluster;

/// <summary>What the harness last did to a broker process.</summary>
public enum BrokerState
{
    Running,
    Paused,
    Stopped,
    Killed,
}
