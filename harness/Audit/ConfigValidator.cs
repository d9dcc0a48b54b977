using Confluent.Kafka;

namespace KafkaChaos.Audit;

/// <summary>
/// Checks a team's client configuration before any cluster starts: names against librdkafka's (a typo is refused
/// with the nearest valid name), values by librdkafka itself (a client is built against 127.0.0.1:1 and disposed at
/// once: librdkafka validates at construction; nothing leaves loopback), and the keys the harness owns are set aside
/// with the reason. librdkafka must be loaded (<see cref="Provisioning.LibrdkafkaLocator.EnsureLoaded"/>).
/// </summary>
internal static class ConfigValidator
{
    /// <summary>Where validation clients point: a loopback port nothing listens on.</summary>
    public const string UnreachableBootstrap = "127.0.0.1:1";

    private static readonly (string Prefix, string Reason)[] Ignored =
    [
        ("bootstrap.servers", "the audit runs against its own local cluster"),
        ("metadata.broker.list", "the audit runs against its own local cluster"),
        ("client.id", "the harness names each worker (the ledger keys on it)"),
        ("group.id", "the harness gives each fault its own consumer group"),
        ("security.protocol", "the audit cluster is plaintext on loopback"),
        ("sasl.", "the audit cluster is plaintext on loopback"),
        ("ssl.", "the audit cluster is plaintext on loopback"),
        ("api.version.request", "the harness sets it for the cluster's Kafka version"),
        ("api.version.fallback.ms", "the harness sets it for the cluster's Kafka version"),
        ("broker.version.fallback", "the harness sets it for the cluster's Kafka version"),
        ("dotnet.producer.delivery.report.fields", "the workload needs the delivery status only"),
        ("debug", "the harness log records the clients' librdkafka lines"),
    ];

    private static readonly (string Key, string Reason)[] Refused =
    [
        ("transactional.id", "the audit's workload does not use transactions (a run without them would not be your application)"),
    ];

    /// <summary>Validates <paramref name="file"/> for <paramref name="role"/>.</summary>
    /// <exception cref="AuditInputException">Every unknown key, refused value and refused key, each with its origin.</exception>
    public static ValidatedConfig Validate(ClientConfigFile file, ClientRole role)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        var accepted = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
        var names = role == ClientRole.Producer ? LibrdkafkaNames.Producer : LibrdkafkaNames.Consumer;
        var others = role == ClientRole.Producer ? LibrdkafkaNames.Consumer : LibrdkafkaNames.Producer;
        foreach (var entry in file.Entries)
        {
            if (Refused.FirstOrDefault(r => r.Key == entry.Key) is { Key: not null } refused)
            {
                problems.Add($"{entry.Origin}: '{entry.Key}' is not supported: {refused.Reason}");
                continue;
            }
            if (Ignored.FirstOrDefault(i => entry.Key == i.Prefix || (i.Prefix.EndsWith('.') && entry.Key.StartsWith(i.Prefix, StringComparison.Ordinal))) is { Prefix: not null } ignored)
            {
                notes.Add($"{entry.Origin}: {entry.Key} ignored: {ignored.Reason}");
                continue;
            }
            if (!names.Contains(entry.Key))
            {
                if (others.Contains(entry.Key))
                {
                    notes.Add($"{entry.Origin}: {entry.Key} is a {(role == ClientRole.Producer ? "consumer" : "producer")} property; librdkafka ignores it in a {RoleName(role)} (left out)");
                    continue;
                }
                if (LibrdkafkaRefusal(role, new Dictionary<string, string> { [entry.Key] = entry.Value }) is { } unknown && unknown.Contains("No such configuration property", StringComparison.Ordinal))
                {
                    var nearest = Nearest.Of(entry.Key, names);
                    problems.Add($"{entry.Origin}: unknown {RoleName(role)} property '{entry.Key}'" + (nearest is null ? "" : $"; did you mean '{nearest}'?"));
                    continue;
                }
            }
            if (LibrdkafkaRefusal(role, new Dictionary<string, string> { [entry.Key] = entry.Value }) is { } message)
            {
                problems.Add($"{entry.Origin}: librdkafka refused {entry.Key}={entry.Value}: {message}");
                continue;
            }
            accepted[LibrdkafkaNames.Canonical(entry.Key)] = entry;
        }
        if (problems.Count == 0 && LibrdkafkaRefusal(role, accepted.ToDictionary(kv => kv.Value.Key, kv => kv.Value.Value)) is { } combined)
            problems.Add($"{file.Source}: librdkafka refused the configuration as a whole: {combined}");
        if (problems.Count > 0) throw new AuditInputException(problems);
        return new ValidatedConfig(role, file.Source, accepted, notes);
    }

    private static string RoleName(ClientRole role) => role == ClientRole.Producer ? "producer" : "consumer";

    /// <summary>librdkafka's message when it refuses to build a client with <paramref name="properties"/>; null when it builds.</summary>
    private static string? LibrdkafkaRefusal(ClientRole role, IReadOnlyDictionary<string, string> properties)
    {
        var settings = new Dictionary<string, string>(properties) { ["bootstrap.servers"] = UnreachableBootstrap };
        try
        {
            if (role == ClientRole.Producer)
            {
                using var producer = new ProducerBuilder<byte[], byte[]>(settings).SetLogHandler((_, _) => { }).Build();
            }
            else
            {
                settings["group.id"] = "chaos-audit-validation";
                using var consumer = new ConsumerBuilder<byte[], byte[]>(settings).SetLogHandler((_, _) => { }).Build();
            }
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or KafkaException or InvalidOperationException)
        {
            return ex.Message;
        }
    }
}
