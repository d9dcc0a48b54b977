namespace KafkaChaos.History;

/// <summary>Whether a fault was just injected or just healed.</summary>
internal enum FaultPhase : byte
{
    /// <summary>The fault was injected.</summary>
    Started = 1,
    /// <summary>The fault was healed.</summary>
    Healed = 2,
}
