namespace KafkaChaos.History;

/// <summary>
/// A consumer received the record at <see cref="Partition"/>/<see cref="Offset"/>, before processing it.
/// <see cref="Id"/> is null when the value was not an envelope (foreign or corrupt).
/// </summary>
internal readonly record struct Consumed : IHistoryEvent
{
    private readonly MessageId _id;
    private readonly bool _decoded;

    /// <summary>Creates the event; <paramref name="id"/> null means the value could not be decoded.</summary>
    public Consumed(long timestampTicks, MessageId? id, int partition, long offset, int consumerId, int generation)
    {
        TimestampTicks = timestampTicks;
        _id = id.GetValueOrDefault();
        _decoded = id.HasValue;
        Partition = partition;
        Offset = offset;
        ConsumerId = consumerId;
        Generation = generation;
    }

    /// <inheritdoc/>
    public long TimestampTicks { get; }

    /// <summary>The decoded identity, or null for an undecodable value.</summary>
    public MessageId? Id => _decoded ? _id : null;

    /// <summary>The partition the record came from.</summary>
    public int Partition { get; }

    /// <summary>The record's offset.</summary>
    public long Offset { get; }

    /// <summary>The consuming worker.</summary>
    public int ConsumerId { get; }

    /// <summary>The consumer group generation the consumer was in (-1 when unknown).</summary>
    public int Generation { get; }

    /// <summary>The timestamp as a UTC instant.</summary>
    public DateTimeOffset Timestamp => new(TimestampTicks, TimeSpan.Zero);

    internal bool IsDecoded => _decoded;

    internal MessageId RawId => _id;
}
