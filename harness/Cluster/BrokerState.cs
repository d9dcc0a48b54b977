namespace KafkaChaos.Cluster;

/// <summary>What the harness last did to a broker process.</summary>
internal enum BrokerState
{
    Running,
    Paused,
    Stopped,
    Killed,
}
