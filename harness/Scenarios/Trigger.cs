namespace KafkaChaos.Scenarios;

/// <summary>
/// A protocol moment: <c>{ afterAcks: 100 }</c>, <c>{ whenIsrShrinksTo: 1 }</c>, <c>{ afterFault: stall }</c>, ...
/// Exactly one key in YAML.
/// </summary>
/// <param name="Kind">Which moment.</param>
/// <param name="Count">N for the counting kinds (acks, sends, polls, processed, commits, ms) and K for <see cref="TriggerKind.WhenIsrShrinksTo"/>; 0 otherwise.</param>
/// <param name="FaultName">The referenced fault for <see cref="TriggerKind.AfterFault"/> and <see cref="TriggerKind.AfterInjected"/>.</param>
internal sealed record Trigger(TriggerKind Kind, long Count = 0, string? FaultName = null)
{
    /// <summary>Inject when the fault window opens.</summary>
    public static Trigger AtStart { get; } = new(TriggerKind.AtStart);

    /// <summary>Heal when the heal phase starts (the default heal).</summary>
    public static Trigger AtHealPhase { get; } = new(TriggerKind.AtHealPhase);

    /// <summary>Never heal during the run.</summary>
    public static Trigger Never { get; } = new(TriggerKind.Never);

    /// <summary>Short text for reports, e.g. <c>afterAcks: 100</c>.</summary>
    public override string ToString() => Kind switch
    {
        TriggerKind.AtStart or TriggerKind.AtHealPhase or TriggerKind.Never => ScenarioKeys.TriggerKey(Kind),
        TriggerKind.AfterFault or TriggerKind.AfterInjected => $"{ScenarioKeys.TriggerKey(Kind)}: {FaultName}",
        _ => $"{ScenarioKeys.TriggerKey(Kind)}: {Count}",
    };
}
