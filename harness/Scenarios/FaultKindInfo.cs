namespace KafkaChaos.Scenarios;

/// <summary>
/// What the scenario model knows about one <see cref="FaultKind"/>, in one place: the parameters it takes, the targets it
/// accepts, what it needs from the scenario, and whether it is a Kafka toxic that must bite while present. The loader,
/// the validator, the runner and the schema test all read it from <see cref="FaultKinds"/>.
/// </summary>
internal sealed record FaultKindInfo
{
    /// <summary>The kind.</summary>
    public required FaultKind Kind { get; init; }

    /// <summary>The parameters under <c>params</c>. Default none: any key is refused.</summary>
    public IReadOnlyList<FaultParameter> Parameters { get; init; } = [];

    /// <summary>The targets it accepts besides <see cref="TargetKind.Default"/>.</summary>
    public required IReadOnlyList<TargetKind> Targets { get; init; }

    /// <summary>Parameters that must be given. Default none.</summary>
    public IReadOnlyList<string> RequiredParameters { get; init; } = [];

    /// <summary>True when it acts on a consumer worker (the scenario needs consumers).</summary>
    public bool NeedsConsumers { get; init; }

    /// <summary>
    /// True when it is a Kafka toxic (drop_response, drop_request, stall_replica_fetch) whose protocol moment is the
    /// reason for the scenario: a run in which it never bit (<c>uses</c> 0 at its heal) is an error, not a verdict.
    /// </summary>
    public bool MustBite { get; init; }

    /// <summary>The YAML name, e.g. <c>leaderKill</c>.</summary>
    public string Name => ScenarioKeys.EnumText(Kind);

    /// <summary>The parameter named <paramref name="name"/>, or null.</summary>
    public FaultParameter? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
}
