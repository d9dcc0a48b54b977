namespace KafkaChaos.Checkers;

/// <summary>The first and last event timestamps of a history (UTC).</summary>
internal readonly record struct TimeRange(DateTimeOffset First, DateTimeOffset Last)
{
    /// <summary>The span between first and last event.</summary>
    public TimeSpan Duration => Last - First;
}
