namespace KafkaChaos.History;

/// <summary>
/// The side effect of processing <see cref="Id"/> happened. In the harness this record <em>is</em> the
/// side effect, so it is exactly as durable as the effect it stands for. A dedupe-by-ID consumer records
/// it only for IDs it had not processed before.
/// </summary>
internal readonly record struct Processed(long TimestampTicks, MessageId Id, int Partition, long Offset, int ConsumerId) : IHistoryEvent
{
    /// <summary>The timestamp as a UTC instant.</summary>
    public DateTimeOffset Timestamp => new(TimestampTicks, TimeSpan.Zero);
}
