using System.Globalization;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Audit;

/// <summary>
/// Puts a team's configuration onto a battery template (an ordinary scenario): producer settings onto every producer
/// profile (the ones the profile models as fields, the rest as raw <c>properties</c>), consumer settings and the
/// commit/dedupe pattern onto every consumer profile, topic settings onto the cluster spec. The template keeps its
/// workload shape, fault schedule, seed and phases; the scenario is renamed <c>&lt;label&gt;-&lt;template&gt;</c>.
/// </summary>
internal static class AuditOverlay
{
    /// <summary>The longest outage the battery waits out (it must fit the 5-minute budget).</summary>
    public const int MaxOutageMs = 15_000;

    /// <summary>The template fault whose outage is sized from the delivery timeout (<c>brokersUnreachable</c> healed <c>afterMs</c>).</summary>
    public const string DeliveryTimeoutOutage = "unreachable";

    private static readonly HashSet<string> ProducerFields = new(StringComparer.Ordinal)
    {
        "acks", "enable.idempotence", "message.send.max.retries", "max.in.flight.requests.per.connection", "message.timeout.ms",
        "request.timeout.ms", "linger.ms", "retry.backoff.ms", "retry.backoff.max.ms", "batch.size",
    };

    private static readonly HashSet<string> ConsumerFields = new(StringComparer.Ordinal) { "enable.auto.commit", "auto.commit.interval.ms", "auto.offset.reset" };

    /// <summary>The template with <paramref name="configuration"/> overlaid.</summary>
    public static Scenario Apply(Scenario template, AuditConfiguration configuration)
    {
        var producer = configuration.Producer;
        int Int(string name) => int.Parse(DeliveryDefaults.Value(producer, name), NumberStyles.Integer, CultureInfo.InvariantCulture);
        var deliveryTimeout = Int("message.timeout.ms");
        var producers = template.Producers.Select(p => p with
        {
            SendMode = configuration.Pattern.SendMode,
            Acks = configuration.Acks switch { "0" => AcksMode.None, "1" => AcksMode.Leader, _ => AcksMode.All },
            Idempotence = configuration.Idempotent,
            Retries = Int("message.send.max.retries"),
            MaxInFlight = Int("max.in.flight.requests.per.connection"),
            DeliveryTimeoutMs = deliveryTimeout,
            RequestTimeoutMs = Int("request.timeout.ms"),
            LingerMs = Int("linger.ms"),
            RetryBackoffMs = Int("retry.backoff.ms"),
            RetryBackoffMaxMs = Int("retry.backoff.max.ms"),
            BatchSize = Int("batch.size"),
            Properties = Merge(p.Properties, producer, ProducerFields),
        }).ToList();

        var consumer = configuration.Consumer;
        var consumers = template.Consumers.Select(c => c with
        {
            // Each configuration its own group: a crashed member of the other's run must not hold up this one's join.
            Group = $"{configuration.Label}-{c.Group}",
            Commit = configuration.CommitMode == AuditCommitMode.Auto ? CommitMode.Auto : CommitMode.ManualSync,
            CommitEvery = CommitEvery.Message,
            Dedupe = configuration.Pattern.Dedupe,
            AutoCommitIntervalMs = int.Parse(DeliveryDefaults.Value(consumer, "auto.commit.interval.ms"), CultureInfo.InvariantCulture),
            AutoOffsetReset = DeliveryDefaults.Value(consumer, "auto.offset.reset") is "smallest" or "earliest" or "beginning" ? "earliest" : "latest",
            Properties = Merge(c.Properties, consumer, ConsumerFields),
        }).ToList();

        var faults = template.Faults.ToList();
        var phases = template.Phases;
        var outage = faults.FindIndex(f => f.Name == DeliveryTimeoutOutage);
        if (outage >= 0)
        {
            // Longer than the delivery timeout when the budget allows it; the report says when it does not.
            var duration = Math.Min(deliveryTimeout + 3_000, MaxOutageMs);
            faults[outage] = faults[outage] with { Heal = new Trigger(TriggerKind.AfterMs, duration) };
            var at = faults[outage].At.Kind == TriggerKind.AfterMs ? (int)faults[outage].At.Count : 0;
            phases = phases with { FaultWindowMs = Math.Max(phases.FaultWindowMs, at + duration + 5_000) };
        }

        var notApplicable = template.NotApplicable.ToList();
        if (configuration.Idempotent)
        {
            notApplicable.Add(new NotApplicableRule
            {
                Kafka = KafkaVersionRange.Parse("<0.11"),
                Reason = "enable.idempotence=true needs Kafka 0.11+ (producer ids); the audit does not run your configuration with it silently off",
            });
        }

        return template with
        {
            Name = $"{configuration.Label}-{template.Name}",
            Cluster = template.Cluster with
            {
                ReplicationFactor = configuration.Topic.ReplicationFactor,
                MinInsyncReplicas = configuration.Topic.MinInsyncReplicas,
                UncleanLeaderElection = configuration.Topic.UncleanLeaderElection,
            },
            Producers = producers,
            Consumers = consumers,
            Faults = faults,
            Phases = phases,
            NotApplicable = notApplicable,
        };
    }

    /// <summary>The outage the delivery-timeout fault gets for this configuration, and whether it outlasts the delivery timeout.</summary>
    public static (int OutageMs, bool OutlastsTimeout) Outage(AuditConfiguration configuration)
    {
        var timeout = int.Parse(DeliveryDefaults.Value(configuration.Producer, "message.timeout.ms"), CultureInfo.InvariantCulture);
        var outage = Math.Min(timeout + 3_000, MaxOutageMs);
        return (outage, outage > timeout);
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> template, ValidatedConfig user, HashSet<string> modelled)
    {
        var merged = new Dictionary<string, string>(template, StringComparer.Ordinal);
        foreach (var (key, entry) in user.Properties)
            if (!modelled.Contains(key)) merged[key] = entry.Value;
        return merged;
    }
}
