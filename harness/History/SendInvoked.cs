namespace KafkaChaos.History;

/// <summary>
/// The application decided to send <see cref="Id"/>. Recorded (and handed to the OS) before the message
/// reaches the client library. <see cref="ResultIgnored"/> marks fire-and-forget: the application
/// believes the message was sent whatever happens next.
/// </summary>
internal readonly record struct SendInvoked(long TimestampTicks, MessageId Id, bool ResultIgnored) : IHistoryEvent
{
    /// <summary>The timestamp as a UTC instant.</summary>
    public DateTimeOffset Timestamp => new(TimestampTicks, TimeSpan.Zero);
}
