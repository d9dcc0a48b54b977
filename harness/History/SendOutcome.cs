namespace KafkaChaos.History;

/// <summary>
/// How a send completed: <see cref="Ok"/> with the partition and offset the broker reported,
/// <see cref="Fail"/> with an error code, or <see cref="Indeterminate"/>.
/// </summary>
internal readonly record struct SendOutcome
{
    private readonly SendFailure? _failure;

    private SendOutcome(SendOutcomeKind kind, int partition, long offset, SendFailure? failure)
    {
        Kind = kind;
        Partition = partition;
        Offset = offset;
        _failure = failure;
    }

    /// <summary>Which of the three completions this is.</summary>
    public SendOutcomeKind Kind { get; }

    /// <summary>The partition the broker acknowledged; -1 when not <see cref="SendOutcomeKind.Ok"/>.</summary>
    public int Partition { get; }

    /// <summary>The acknowledged offset; -1 when unknown (acks=0 reports none) or not <see cref="SendOutcomeKind.Ok"/>.</summary>
    public long Offset { get; }

    /// <summary>The error code (e.g. a Confluent.Kafka <c>ErrorCode</c> name) of a <see cref="SendOutcomeKind.Fail"/>.</summary>
    public string? ErrorCode => _failure?.Code;

    /// <summary>Why the send failed or is indeterminate; null for <see cref="SendOutcomeKind.Ok"/>.</summary>
    public string? Reason => _failure?.Reason;

    /// <summary>The broker acknowledged the message at <paramref name="partition"/>/<paramref name="offset"/>.</summary>
    public static SendOutcome Ok(int partition, long offset) => new(SendOutcomeKind.Ok, partition, offset, null);

    /// <summary>The message was certainly not written.</summary>
    public static SendOutcome Fail(string errorCode, string reason) =>
        new(SendOutcomeKind.Fail, -1, -1, new SendFailure(errorCode ?? throw new ArgumentNullException(nameof(errorCode)), reason ?? ""));

    /// <summary>Nobody knows whether the message was written.</summary>
    public static SendOutcome Indeterminate(string reason) =>
        new(SendOutcomeKind.Indeterminate, -1, -1, new SendFailure(null, reason ?? ""));

    /// <summary>Builds a failure from already interned parts (history reader).</summary>
    internal static SendOutcome FromFailure(SendOutcomeKind kind, SendFailure failure) => new(kind, -1, -1, failure);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        SendOutcomeKind.Ok => $"Ok(p{Partition}@{Offset})",
        SendOutcomeKind.Fail => $"Fail({ErrorCode}: {Reason})",
        _ => $"Indeterminate({Reason})",
    };
}
