namespace KafkaChaos.Reports;

/// <summary>What happened over time: per-second rates, fault windows, leader changes. Defaults empty.</summary>
internal sealed record Timeline
{
    /// <summary>One point per second.</summary>
    public IReadOnlyList<TimelinePoint> Points { get; init; } = [];

    /// <summary>Fault windows in injection order.</summary>
    public IReadOnlyList<FaultWindow> FaultWindows { get; init; } = [];

    /// <summary>Leader changes in time order.</summary>
    public IReadOnlyList<LeaderChange> LeaderChanges { get; init; } = [];

    /// <summary>An empty timeline.</summary>
    public static Timeline Empty { get; } = new();
}
