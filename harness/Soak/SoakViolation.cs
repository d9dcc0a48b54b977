namespace KafkaChaos.Soak;

/// <summary>The earliest violating message of a soak: the invariant it breaks, its example IDs, and the faults around it.</summary>
/// <param name="Invariant">The invariant broken first.</param>
/// <param name="Count">How many messages break it.</param>
/// <param name="AtSeconds">When the first violating message was acknowledged (or sent, if never acknowledged), s after the first ledger event.</param>
/// <param name="Examples">The checker's examples for that invariant, earliest first.</param>
/// <param name="Faults">The faults in force within <see cref="SoakViolations.AroundSeconds"/> of it.</param>
internal sealed record SoakViolation(SoakInvariant Invariant, long Count, double AtSeconds, IReadOnlyList<string> Examples, IReadOnlyList<FaultNearby> Faults);
