using KafkaChaos.Scenarios;

namespace KafkaChaos.Soak;

/// <summary>What a soak runs: how long, from which seed, which faults, on which configuration, checking what. Immutable.</summary>
internal sealed record SoakSettings
{
    /// <summary>The fault window's length (traffic and faults); heal, drain, final read and check follow it.</summary>
    public required long DurationMs { get; init; }

    /// <summary>The seed of the fault schedule (and of the workers' random choices).</summary>
    public required long Seed { get; init; }

    /// <summary>The fault kinds drawn, with their rates and duration bounds.</summary>
    public required IReadOnlyList<SoakFaultChoice> Faults { get; init; }

    /// <summary>What is checked at the end. Default <see cref="SoakInvariants.Default"/>.</summary>
    public IReadOnlyList<SoakInvariant> Invariants { get; init; } = SoakInvariants.Default;

    /// <summary>Let faults of different kinds coincide. Default false: one fault at a time, with recovery between.</summary>
    public bool Overlap { get; init; }

    /// <summary>
    /// The configuration: cluster, topic, producers and consumers as in a scenario file (its faults and expectations are
    /// replaced by the soak's). Default <see cref="SoakBase.Default"/>.
    /// </summary>
    public Scenario Base { get; init; } = SoakBase.Default;

    /// <summary>Messages per second per producer worker when the base gives none (0: as fast as it can). Default 1000.</summary>
    public int RatePerSecond { get; init; } = 1000;
}
