namespace KafkaChaos.Cluster;

/// <summary>A broker that was paused or cut off did not register again: the cluster counts it as dead from then on.</summary>
internal sealed class BrokerRejoinException(string message) : Exception(message);
