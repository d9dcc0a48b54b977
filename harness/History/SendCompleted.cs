namespace KafkaChaos.History;

/// <summary>
/// The client library reported how the send of <see cref="Id"/> ended. Fire-and-forget workers record the
/// real delivery report too: the harness sees the truth even though the application ignores it.
/// A send with no completion in the ledger reads as indeterminate.
/// </summary>
internal readonly record struct SendCompleted(long TimestampTicks, MessageId Id, SendOutcome Outcome) : IHistoryEvent
{
    /// <summary>The timestamp as a UTC instant.</summary>
    public DateTimeOffset Timestamp => new(TimestampTicks, TimeSpan.Zero);
}
