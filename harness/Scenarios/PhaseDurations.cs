namespace KafkaChaos.Scenarios;

/// <summary>Phase lengths: warm-up → fault window → heal → drain → final read → check.</summary>
internal sealed record PhaseDurations
{
    /// <summary>Traffic before the fault window opens (not counted by triggers). Default 0.</summary>
    public int WarmupMs { get; init; }

    /// <summary>Upper bound of the fault window; it ends earlier when every producer has finished and every fault has fired. Default 10000.</summary>
    public int FaultWindowMs { get; init; } = 10000;

    /// <summary>Upper bound for healing (restarts, ISR back to full), and for a dead-letter replay's further rounds. Default 30000.</summary>
    public int HealTimeoutMs { get; init; } = 30000;

    /// <summary>Time consumers keep consuming after healing. Default 5000.</summary>
    public int DrainMs { get; init; } = 5000;
}
