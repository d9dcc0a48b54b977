namespace KafkaChaos.History;

/// <summary>One record of the final read: its offset and decoded identity (null when the value was not an envelope).</summary>
internal readonly record struct LogRecord
{
    private readonly MessageId _id;
    private readonly bool _decoded;

    /// <summary>Creates a record; <paramref name="id"/> null means undecodable.</summary>
    public LogRecord(long offset, MessageId? id)
    {
        Offset = offset;
        _id = id.GetValueOrDefault();
        _decoded = id.HasValue;
    }

    /// <summary>The record's offset in its partition.</summary>
    public long Offset { get; }

    /// <summary>The decoded identity, or null for a value that is not an envelope.</summary>
    public MessageId? Id => _decoded ? _id : null;

    internal bool IsDecoded => _decoded;

    internal MessageId RawId => _id;
}
