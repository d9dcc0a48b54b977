using System.Globalization;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Reports;

/// <summary>
/// The settings a scenario asks for, under their Kafka / librdkafka names, for reports when the runner has not
/// read back the effective values (a runner that has should report those instead).
/// </summary>
internal static class ScenarioSettings
{
    /// <summary>Broker, topic, producer and consumer settings of <paramref name="scenario"/>.</summary>
    public static EffectiveSettings Of(Scenario scenario)
    {
        var c = scenario.Cluster;
        var broker = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["brokers"] = I(c.Brokers),
            ["min.insync.replicas"] = I(c.MinInsyncReplicas),
            ["unclean.leader.election.enable"] = B(c.UncleanLeaderElection),
        };
        foreach (var (k, v) in c.BrokerOverrides) broker[k] = v;

        var topic = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = scenario.TopicName,
            ["partitions"] = I(scenario.Topic.Partitions),
            ["replication.factor"] = I(c.ReplicationFactor),
        };
        foreach (var (k, v) in scenario.Topic.Overrides) topic[k] = v;

        var producer = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Producers.Count; i++)
        {
            var p = scenario.Producers[i];
            var prefix = scenario.Producers.Count == 1 ? "" : $"producers[{i}].";
            void Set(string key, string value) => producer[prefix + key] = value;
            Set("workers", I(p.Count));
            Set("send.mode", ScenarioKeys.EnumText(p.SendMode));
            Set("acks", p.Acks switch { AcksMode.None => "0", AcksMode.Leader => "1", _ => "all" });
            Set("retries", I(p.Retries));
            Set("retry.backoff.ms", I(p.RetryBackoffMs));
            Set("retry.backoff.max.ms", I(p.RetryBackoffMaxMs));
            Set("delivery.timeout.ms", I(p.DeliveryTimeoutMs));
            Set("request.timeout.ms", I(p.RequestTimeoutMs));
            Set("max.in.flight.requests.per.connection", I(p.MaxInFlight));
            Set("enable.idempotence", B(p.Idempotence));
            Set("linger.ms", I(p.LingerMs));
            Set("batch.size", I(p.BatchSize));
            Set("message.bytes", I(p.MessageBytes));
            Set("messages", I(p.Messages));
            Set("rate.per.second", I(p.RatePerSecond));
            Set("key.policy", ScenarioKeys.EnumText(p.KeyPolicy));
            Set("process", ScenarioKeys.EnumText(p.Process));
            foreach (var (k, v) in p.Properties) Set(k, v);
        }

        var consumer = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Consumers.Count; i++)
        {
            var k = scenario.Consumers[i];
            var prefix = scenario.Consumers.Count == 1 ? "" : $"consumers[{i}].";
            void Set(string key, string value) => consumer[prefix + key] = value;
            Set("group.id", k.Group);
            Set("workers", I(k.Count));
            Set("enable.auto.commit", B(k.Commit == CommitMode.Auto));
            Set("commit.mode", ScenarioKeys.EnumText(k.Commit));
            if (k.Commit == CommitMode.Auto) Set("auto.commit.interval.ms", I(k.AutoCommitIntervalMs));
            else Set("commit.every", ScenarioKeys.EnumText(k.CommitEvery));
            Set("max.poll.records", I(k.MaxPollRecords));
            Set("processing.ms", I(k.ProcessingMs));
            Set("dedupe", B(k.Dedupe));
            Set("auto.offset.reset", k.AutoOffsetReset);
            Set("process", ScenarioKeys.EnumText(k.Process));
            foreach (var (key, v) in k.Properties) Set(key, v);
        }
        return new EffectiveSettings { Broker = broker, Topic = topic, Producer = producer, Consumer = consumer };
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string B(bool value) => value ? "true" : "false";
}
