namespace KafkaChaos.Cluster;

/// <summary>
/// Where one broker listens and what it tells clients and other brokers to use (its fault proxy's address
/// when proxied, so replication crosses the proxy too).
/// </summary>
/// <param name="BrokerId">broker.id / node.id, 1-based.</param>
/// <param name="ListenPort">The broker's own PLAINTEXT port on 127.0.0.1.</param>
/// <param name="AdvertisedPort">The port published in metadata: the proxy's, or <paramref name="ListenPort"/> when not proxied.</param>
/// <param name="ControllerPort">KRaft controller listener port; 0 in ZooKeeper mode.</param>
/// <param name="ZooKeeperConnect">host:port of this broker's ZooKeeper link (its ZooKeeper proxy when proxied); empty in KRaft mode.</param>
internal sealed record BrokerAddress(int BrokerId, int ListenPort, int AdvertisedPort, int ControllerPort, string ZooKeeperConnect)
{
    public const string Host = "127.0.0.1";

    public string Advertised => $"{Host}:{AdvertisedPort}";
    public string Listen => $"{Host}:{ListenPort}";
}
