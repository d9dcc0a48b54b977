namespace KafkaChaos.Audit;

/// <summary>One delivery-relevant setting in force for the audit.</summary>
/// <param name="Name">librdkafka's (or the topic's) name, e.g. <c>acks</c>.</param>
/// <param name="Value">The value in force.</param>
/// <param name="FromUser">True when the team's files or options set it; false for a default.</param>
/// <param name="Origin">Where it came from (<c>producer.properties:3</c>, <c>--send-mode</c>) or which default (<c>librdkafka default</c>).</param>
internal sealed record EffectiveSetting(string Name, string Value, bool FromUser, string Origin);
