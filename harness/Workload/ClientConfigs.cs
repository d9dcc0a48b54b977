using System.Globalization;
using Confluent.Kafka;
using KafkaChaos.Cluster;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Workload;

/// <summary>
/// Translates profiles into librdkafka configurations and builds clients, turning librdkafka's refusal of a
/// property into a <see cref="WorkerConfigurationException"/> that names it.
/// </summary>
internal static class ClientConfigs
{
    /// <summary>The librdkafka settings of <paramref name="profile"/> (before the cluster's common settings are merged in).</summary>
    public static IReadOnlyDictionary<string, string> ProducerSettings(ProducerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var settings = new Dictionary<string, string>
        {
            ["acks"] = profile.Acks switch { AcksMode.None => "0", AcksMode.Leader => "1", _ => "all" },
            ["message.send.max.retries"] = Text(profile.Retries),
            ["retry.backoff.ms"] = Text(profile.RetryBackoffMs),
            ["retry.backoff.max.ms"] = Text(profile.RetryBackoffMaxMs),
            ["message.timeout.ms"] = Text(profile.DeliveryTimeoutMs),
            ["request.timeout.ms"] = Text(profile.RequestTimeoutMs),
            ["max.in.flight.requests.per.connection"] = Text(profile.MaxInFlight),
            ["enable.idempotence"] = profile.Idempotence ? "true" : "false",
            ["linger.ms"] = Text(profile.LingerMs),
            ["batch.size"] = Text(profile.BatchSize),
            // The worker keeps each message's id in its delivery handler; copying values back is wasted work.
            ["dotnet.producer.delivery.report.fields"] = "status",
        };
        foreach (var (key, value) in profile.Properties)
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>The librdkafka settings of <paramref name="profile"/> (group id excluded).</summary>
    public static IReadOnlyDictionary<string, string> ConsumerSettings(ConsumerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var settings = new Dictionary<string, string>
        {
            ["auto.offset.reset"] = profile.AutoOffsetReset,
            ["enable.auto.commit"] = profile.Commit == CommitMode.Auto ? "true" : "false",
            // Default offset store behaviour: the offset of a record is stored when poll returns it, so an auto
            // commit covers records not processed yet (claim C1). Manual modes commit explicit offsets.
            ["enable.auto.offset.store"] = "true",
            ["auto.commit.interval.ms"] = Text(profile.AutoCommitIntervalMs),
        };
        foreach (var (key, value) in profile.Properties)
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>Builds a producer for <paramref name="profile"/>.</summary>
    /// <exception cref="WorkerConfigurationException">librdkafka refused a property.</exception>
    public static IProducer<byte[]?, byte[]> BuildProducer(ClientSettings clients, ProducerProfile profile, string name)
    {
        var config = clients.Producer(ProducerSettings(profile));
        config.ClientId = name;
        return Build(profile.Properties, config, () => new ProducerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler(Log(clients, name))
            .Build());
    }

    /// <summary>Builds the consumer builder's product for <paramref name="profile"/>.</summary>
    /// <exception cref="WorkerConfigurationException">librdkafka refused a property.</exception>
    internal static IConsumer<byte[]?, byte[]> BuildConsumer(ClientSettings clients, ConsumerProfile profile, string name,
        Action<ConsumerBuilder<byte[]?, byte[]>> configure)
    {
        var config = clients.Consumer(profile.Group, ConsumerSettings(profile));
        config.ClientId = name;
        return Build(profile.Properties, config, () =>
        {
            var builder = new ConsumerBuilder<byte[]?, byte[]>(config)
                .SetLogHandler(Log(clients, name));
            configure(builder);
            return builder.Build();
        });
    }

    /// <summary>librdkafka's log lines to <see cref="ClientSettings.Log"/>, prefixed with the client's name; the deprecation warnings every 0.9 client gets are left out.</summary>
    internal static Action<IClient, LogMessage> Log(ClientSettings clients, string name) => (_, m) =>
    {
        if (m.Facility != "CONFWARN") clients.Log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {name} librdkafka {m.Level} {m.Facility}: {m.Message}");
    };

    private static T Build<T>(IReadOnlyDictionary<string, string> raw, IEnumerable<KeyValuePair<string, string>> effective, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Exception ex) when (ex is ArgumentException or KafkaException or InvalidOperationException)
        {
            // librdkafka: 'No such configuration property: "foo"', 'Invalid value "x" for configuration property "y"',
            // '`message.timeout.ms` must be greater than `linger.ms`'. Name the raw property first, else a profile setting.
            var all = effective.ToDictionary(e => e.Key, e => e.Value);
            string? named = raw.Keys.FirstOrDefault(k => ex.Message.Contains($"\"{k}\"", StringComparison.Ordinal))
                ?? raw.Keys.FirstOrDefault(k => ex.Message.Contains(k, StringComparison.Ordinal))
                ?? all.Keys.FirstOrDefault(k => ex.Message.Contains($"`{k}`", StringComparison.Ordinal) || ex.Message.Contains($"\"{k}\"", StringComparison.Ordinal));
            string message = named is null
                ? $"The client library refused the configuration: {ex.Message}"
                : $"The client library refused property '{named}' (value '{all.GetValueOrDefault(named) ?? raw[named]}'): {ex.Message}";
            throw new WorkerConfigurationException(message, named, ex);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
