namespace KafkaChaos.Scenarios;

/// <summary>One entry of the nemesis schedule: a fault, what it targets, when it starts and when it heals.</summary>
internal sealed record FaultSpec
{
    /// <summary>Unique name within the scenario, referenced by <c>afterFault</c>/<c>afterInjected</c>. Default: the fault kind's YAML name, suffixed with its position when repeated.</summary>
    public required string Name { get; init; }

    /// <summary>The fault kind.</summary>
    public required FaultKind Fault { get; init; }

    /// <summary>What it acts on. Default <see cref="FaultTarget.Default"/>.</summary>
    public FaultTarget Target { get; init; } = FaultTarget.Default;

    /// <summary>When to inject. Default <see cref="Trigger.AtStart"/>.</summary>
    public Trigger At { get; init; } = Trigger.AtStart;

    /// <summary>When to heal. Default <see cref="Trigger.AtHealPhase"/>.</summary>
    public Trigger Heal { get; init; } = Trigger.AtHealPhase;

    /// <summary>
    /// True when the fault may not happen (its trigger not reached, its target absent) without making the verdict an
    /// error; the report says it was skipped. Default false: every scheduled fault must happen.
    /// </summary>
    public bool Optional { get; init; }

    /// <summary>
    /// A fault that must have healed, and the cluster recovered (every broker registered, full ISRs), before this one
    /// is injected, whatever its own trigger says; null for none. Not a YAML key: soaks run one fault at a time with it.
    /// </summary>
    public string? AfterHealOf { get; init; }

    /// <summary>Fault-specific settings as text (e.g. <c>count</c>, <c>durationMs</c>, <c>bytes</c>, <c>to</c>). Default empty.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = Empty.Map;

    /// <summary>One line for listings, e.g. <c>stall: stallReplicaFetch on followers of p0 at atStart, heal never</c> (no "on" for the default target).</summary>
    public override string ToString()
    {
        var parameters = Params.Count == 0 ? "" : $" ({string.Join(", ", Params.Select(kv => $"{kv.Key}={kv.Value}"))})";
        var target = Target.Kind == TargetKind.Default ? "" : $" on {Target}";
        var serial = AfterHealOf is null ? "" : $" once {AfterHealOf} healed";
        return $"{Name}: {ScenarioKeys.EnumText(Fault)}{target} at {At}{serial}, heal {Heal}{parameters}{(Optional ? " (optional)" : "")}";
    }
}
