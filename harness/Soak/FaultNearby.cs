namespace KafkaChaos.Soak;

/// <summary>A fault in force around a violation, and how it stood to the violating message in time.</summary>
/// <param name="Name">The fault's name in the schedule.</param>
/// <param name="Detail">What it did (its description at injection, e.g. the killed broker).</param>
/// <param name="Relation">When, relative to the message, e.g. <c>injected 0.4 s after it</c>.</param>
internal sealed record FaultNearby(string Name, string Detail, string Relation);
