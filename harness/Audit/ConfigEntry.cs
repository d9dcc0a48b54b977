namespace KafkaChaos.Audit;

/// <summary>One client property as a team's file states it.</summary>
/// <param name="Key">The librdkafka property name (a PascalCase JSON key is already mapped).</param>
/// <param name="Value">The value as text, escapes resolved.</param>
/// <param name="Origin">Where it came from, e.g. <c>producer.properties:12</c> or <c>appsettings.json#Kafka:Producer.Acks</c>.</param>
internal sealed record ConfigEntry(string Key, string Value, string Origin);
