namespace KafkaChaos.History;

/// <summary>
/// A consumer's offset commit succeeded. <see cref="Offset"/> is Kafka's committed offset: the next offset
/// the group will read in <see cref="Partition"/> (one past the last processed record).
/// </summary>
internal readonly record struct Committed(long TimestampTicks, int ConsumerId, int Partition, long Offset) : IHistoryEvent
{
    /// <summary>The timestamp as a UTC instant.</summary>
    public DateTimeOffset Timestamp => new(TimestampTicks, TimeSpan.Zero);
}
