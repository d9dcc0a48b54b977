namespace KafkaChaos.History;

/// <summary>The nemesis injected or healed fault <see cref="Name"/>; reports draw fault windows from these.</summary>
internal readonly record struct FaultEvent(long TimestampTicks, string Name, FaultPhase Phase, string Detail) : IHistoryEvent
{
    /// <summary>The timestamp as a UTC instant.</summary>
    public DateTimeOffset Timestamp => new(TimestampTicks, TimeSpan.Zero);
}
