namespace KafkaChaos.Scenarios;

/// <summary>
/// Where a claim cannot be tested: on Kafka versions in <see cref="Kafka"/>, or when the runner lacks the capability
/// <see cref="Requires"/>. When both are given, both must hold for the rule to apply.
/// </summary>
internal sealed record NotApplicableRule
{
    /// <summary>Versions on which the scenario does not apply. Default null (any version).</summary>
    public KafkaVersionRange? Kafka { get; init; }

    /// <summary>A runner capability (e.g. <c>pageCacheLoss</c>) without which the scenario does not apply. Default null.</summary>
    public string? Requires { get; init; }

    /// <summary>Why, for the report.</summary>
    public required string Reason { get; init; }

    /// <summary>True when this rule makes the scenario not applicable.</summary>
    public bool Matches(KafkaVersion version, IReadOnlySet<string> capabilities) =>
        (Kafka is null || Kafka.Contains(version)) && (Requires is null || !capabilities.Contains(Requires));
}
