using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;

namespace KafkaChaos.Cluster;

/// <summary>
/// A cluster's ports and fault proxies: each broker listens on its own loopback port and advertises its proxy's,
/// so client and replication traffic both cross the proxy; in ZooKeeper mode each broker's link to ZooKeeper has a
/// proxy too. (The KRaft controller listener is not proxied yet: the voters come from ServerConfig's KRaft part.)
/// </summary>
internal sealed record ClusterTopology(IReadOnlyList<BrokerNode> Brokers, int ZooKeeperPort, ProxyServer? ProxyServer)
{
    public static async Task<ClusterTopology> CreateAsync(ClusterOptions options, bool kraft, RunDirectory run, TextWriter log, CancellationToken cancellationToken)
    {
        var ports = PortAllocator.Take(1 + options.Brokers * 2);
        var zooKeeperPort = kraft ? 0 : ports[0];
        var proxyServer = options.Proxied
            ? await ProxyServer.StartAsync(new ProxyServerOptions { ControlPort = 0, Seed = options.ProxySeed, Log = log.WriteLine }, cancellationToken)
            : null;
        try
        {
            var brokers = new List<BrokerNode>();
            for (var id = 1; id <= options.Brokers; id++)
            {
                var listen = ports[id * 2 - 1];
                var advertised = listen;
                var controller = kraft ? ports[id * 2] : 0;
                var zooKeeperConnect = kraft ? "" : $"{BrokerAddress.Host}:{zooKeeperPort}";
                if (proxyServer is not null)
                {
                    var proxy = await proxyServer.CreateProxyAsync(new ProxyDefinition(IKafkaCluster.BrokerProxyName(id),
                        $"{BrokerAddress.Host}:0", $"{BrokerAddress.Host}:{listen}", Protocol: ProxyProtocol.Kafka), cancellationToken);
                    advertised = proxy.ListenPort;
                    if (!kraft)
                    {
                        var zooKeeperProxy = await proxyServer.CreateProxyAsync(new ProxyDefinition(IKafkaCluster.ZooKeeperProxyName(id),
                            $"{BrokerAddress.Host}:0", zooKeeperConnect), cancellationToken);
                        zooKeeperConnect = $"{BrokerAddress.Host}:{zooKeeperProxy.ListenPort}";
                    }
                }
                var directory = run.Node($"broker-{id}");
                brokers.Add(new BrokerNode(new BrokerAddress(id, listen, advertised, controller, zooKeeperConnect),
                    directory, Path.Combine(directory, "server.properties")));
            }
            return new ClusterTopology(brokers, zooKeeperPort, proxyServer);
        }
        catch
        {
            if (proxyServer is not null) await proxyServer.DisposeAsync();
            throw;
        }
    }
}
