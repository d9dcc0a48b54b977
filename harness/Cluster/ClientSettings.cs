using Confluent.Kafka;

namespace KafkaChaos.Cluster;

/// <summary>
/// Client settings that a given broker version needs, derived once per cluster: below 0.10 there is no
/// ApiVersions request, so the client is told the broker's version; the consumer session timeout is kept
/// inside the broker's group.min/max.session.timeout.ms bounds.
/// </summary>
internal sealed record ClientSettings(string BootstrapServers, Version KafkaVersion)
{
    /// <summary>Consumer session timeout used by default: short enough for fast rebalances, inside every version's bounds.</summary>
    public const int ConsumerSessionTimeoutMs = 10_000;

    /// <summary>Where clients built with these settings write librdkafka's log lines; must be thread-safe. Default standard error.</summary>
    public TextWriter Log { get; init; } = Console.Error;

    /// <summary>The settings every client of this cluster gets (also listed in reports).</summary>
    public IReadOnlyDictionary<string, string> Common
    {
        get
        {
            var settings = new Dictionary<string, string>
            {
                ["bootstrap.servers"] = BootstrapServers,
                ["client.dns.lookup"] = "use_all_dns_ips",
            };
            if (!Provisioning.KafkaVersionInfo.SupportsApiVersionRequest(KafkaVersion))
            {
                settings["api.version.request"] = "false";
                settings["broker.version.fallback"] = KafkaVersion.ToString();
            }
            return settings;
        }
    }

    public ProducerConfig Producer(IReadOnlyDictionary<string, string>? extra = null) => new(Merge(extra));

    public ConsumerConfig Consumer(string groupId, IReadOnlyDictionary<string, string>? extra = null)
    {
        var config = new ConsumerConfig(Merge(extra)) { GroupId = groupId };
        config.SessionTimeoutMs ??= ConsumerSessionTimeoutMs;
        config.HeartbeatIntervalMs ??= Math.Max(500, config.SessionTimeoutMs.Value / 4);
        return config;
    }

    public AdminClientConfig Admin() => new(Merge(null));

    private Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? extra)
    {
        var merged = new Dictionary<string, string>(Common);
        if (extra is not null)
            foreach (var (key, value) in extra) merged[key] = value;
        return merged;
    }
}
