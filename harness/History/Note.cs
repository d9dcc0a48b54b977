namespace KafkaChaos.History;

/// <summary>Free text in the ledger, e.g. a phase change ("fault window", "drain").</summary>
internal readonly record struct Note(long TimestampTicks, string Text) : IHistoryEvent
{
    /// <summary>The timestamp as a UTC instant.</summary>
    public DateTimeOffset Timestamp => new(TimestampTicks, TimeSpan.Zero);
}
