using System.Globalization;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Soak;

/// <summary>One fault of a soak's schedule: what, on what, when it is injected (from the fault window's start) and for how long.</summary>
/// <param name="Name">Unique in the schedule, e.g. <c>f03-leaderKill</c>.</param>
/// <param name="Kind">The fault kind.</param>
/// <param name="Target">What it acts on.</param>
/// <param name="StartMs">When it is injected, ms after the fault window opened.</param>
/// <param name="DurationMs">How long it stays injected before its heal.</param>
/// <param name="AfterHealOf">One at a time: the fault that must have healed, and the cluster recovered, before this one; null for the first, or with overlap.</param>
internal sealed record PlannedFault(string Name, FaultKind Kind, FaultTarget Target, long StartMs, long DurationMs, string? AfterHealOf = null)
{
    /// <summary>When its heal is due, ms after the fault window opened.</summary>
    public long EndMs => StartMs + DurationMs;

    /// <summary>
    /// The fault as a scenario's nemesis entry: injected after <see cref="StartMs"/> (and, one at a time, not before the
    /// previous fault healed and the cluster recovered), healed <see cref="DurationMs"/> later.
    /// </summary>
    public FaultSpec ToSpec() => new()
    {
        Name = Name,
        Fault = Kind,
        Target = Target,
        At = new Trigger(TriggerKind.AfterMs, StartMs),
        Heal = new Trigger(TriggerKind.AfterMs, DurationMs),
        AfterHealOf = AfterHealOf,
    };

    /// <summary>One line, e.g. <c>f03-leaderKill  +42.1s for 4.3s  on leader of p2</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name,-28} +{StartMs / 1000.0,7:0.0}s for {DurationMs / 1000.0,5:0.0}s  on {Target}");
}
