using KafkaChaos.Audit;

namespace KafkaChaos.Tests.Audit;

/// <summary>Configurations and matrix rows built in code for the unit tests (no librdkafka: validated configs are built directly).</summary>
internal static class AuditSamples
{
    public static ValidatedConfig Config(ClientRole role, params (string Key, string Value)[] properties) =>
        new(role, $"{role}.properties", properties.ToDictionary(p => p.Key, p => new ConfigEntry(p.Key, p.Value, $"{role}.properties:1")), []);

    public static AuditConfiguration Acks1(string label = "audit") =>
        new(label, Config(ClientRole.Producer, ("acks", "1")), Config(ClientRole.Consumer), new TopicSettings("(options)"), new AppPattern());

    public static AuditConfiguration Safe(string label = "compare") =>
        new(label, Config(ClientRole.Producer, ("acks", "all"), ("message.timeout.ms", "10000"), ("max.in.flight.requests.per.connection", "1")),
            Config(ClientRole.Consumer, ("enable.auto.commit", "false")), new TopicSettings("topic.properties", 3, 2, false), new AppPattern());

    public static MatrixRow Row(string fault, AuditConfiguration configuration, params (Guarantee Guarantee, long Count)[] counts) =>
        new(fault, fault, $"{configuration.Label}-{fault}", CellState.Measured, null,
            Guarantees.All.Select(g => new MatrixCell(g, CellState.Measured, counts.FirstOrDefault(c => c.Guarantee == g).Count,
                counts.Any(c => c.Guarantee == g && c.Count > 0) ? ["p0-17"] : [], ClaimPredictions.Predict(fault, g, configuration))).ToList(),
            4.0, 12.0, 20_000);

    public static ConfigurationAudit Audit(AuditConfiguration configuration, params MatrixRow[] rows) =>
        new(configuration.Label, ["producer: p", "consumer: c", "topic: t"], configuration.Effective(), [], rows);
}
