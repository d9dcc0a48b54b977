namespace KafkaChaos.Scenarios;

/// <summary>Whether a scenario can run here, and if not, why.</summary>
/// <param name="Applicable">False when a <see cref="NotApplicableRule"/> matched.</param>
/// <param name="Reason">The matching rule's reason; null when applicable.</param>
internal sealed record Applicability(bool Applicable, string? Reason)
{
    /// <summary>Applicable, no reason.</summary>
    public static Applicability Yes { get; } = new(true, null);

    /// <summary>Evaluates the rules in order against a Kafka version and the runner's capabilities; the first match wins.</summary>
    public static Applicability Evaluate(IEnumerable<NotApplicableRule> rules, KafkaVersion version, IReadOnlySet<string> capabilities)
    {
        foreach (var rule in rules)
        {
            if (rule.Matches(version, capabilities)) return new Applicability(false, rule.Reason);
        }
        return Yes;
    }
}
