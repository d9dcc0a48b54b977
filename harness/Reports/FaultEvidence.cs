namespace KafkaChaos.Reports;

/// <summary>
/// What one scheduled fault did, as report.json shows it: whether it happened, when, on what, and how often its Kafka
/// toxic bit. A fault that did not happen (and was not optional) makes the verdict <see cref="Verdict.Error"/>.
/// </summary>
internal sealed record FaultEvidence
{
    /// <summary>The fault's name in the scenario.</summary>
    public required string Name { get; init; }

    /// <summary>The fault kind (YAML spelling).</summary>
    public required string Fault { get; init; }

    /// <summary>True when the scenario marked it <c>optional</c>: it may be skipped without an error.</summary>
    public bool Optional { get; init; }

    /// <summary><c>happened</c>, <c>skipped</c> (optional, did not happen) or <c>failed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why it did not happen or failed; null when it happened.</summary>
    public string? Reason { get; init; }

    /// <summary>When the injection completed, ms since the scenario's clock started; null when never.</summary>
    public long? InjectedAtMs { get; init; }

    /// <summary>When the heal completed, ms since the scenario's clock started; null when never (or only at cleanup).</summary>
    public long? HealedAtMs { get; init; }

    /// <summary>What it did, e.g. <c>leaderKill: killed broker 2 (leader of p0)</c>.</summary>
    public string? Description { get; init; }

    /// <summary>The broker ids its target resolved to at injection; empty for worker faults.</summary>
    public IReadOnlyList<int> Brokers { get; init; } = [];

    /// <summary>The targeted partition's leader just before the injection; null when unknown.</summary>
    public int? Leader { get; init; }

    /// <summary>The targeted partition's ISR just before the injection; null when unknown.</summary>
    public IReadOnlyList<int>? Isr { get; init; }

    /// <summary>For a Kafka toxic: how often it bit while present; null for other kinds.</summary>
    public long? Uses { get; init; }

    /// <summary>Status texts.</summary>
    public const string Happened = "happened", Skipped = "skipped", Failed = "failed";

    /// <summary>e.g. <c>kill-leader (leaderKill) failed: …</c>.</summary>
    public override string ToString() => $"{Name} ({Fault}) {Status}{(Reason is null ? "" : $": {Reason}")}";
}
