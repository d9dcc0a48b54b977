namespace KafkaChaos.Reports;

/// <summary>When a fault was in force.</summary>
/// <param name="Name">The fault's name in the scenario.</param>
/// <param name="StartMs">Injection, in ms since the run's start.</param>
/// <param name="EndMs">Heal, in ms since the run's start; null when it was healed only at cleanup.</param>
internal sealed record FaultWindow(string Name, long StartMs, long? EndMs);
