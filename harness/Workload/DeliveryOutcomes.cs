using Confluent.Kafka;
using KafkaChaos.History;

namespace KafkaChaos.Workload;

/// <summary>
/// Maps librdkafka delivery results to ledger outcomes, Jepsen-style: only a definite "not persisted" is a
/// failure; a timeout or a transport error is indeterminate.
/// </summary>
internal static class DeliveryOutcomes
{
    /// <summary>
    /// No error → Ok (offset -1 when the broker gave none: acks=0 reports success with status PossiblyPersisted);
    /// <see cref="PersistenceStatus.NotPersisted"/> → Fail(error code name, reason);
    /// <see cref="PersistenceStatus.PossiblyPersisted"/> → Indeterminate.
    /// </summary>
    public static SendOutcome From(PersistenceStatus status, Error error, TopicPartitionOffset position)
    {
        ArgumentNullException.ThrowIfNull(error);
        // acks=0: no error, status PossiblyPersisted and no offset; the application is told "success".
        if (!error.IsError)
        {
            long offset = position.Offset.Value;
            return SendOutcome.Ok(position.Partition.Value, offset >= 0 ? offset : -1);
        }
        string code = ErrorNames.Of(error.Code);
        // NOT_ENOUGH_REPLICAS_AFTER_APPEND: the leader appended before refusing, whatever status the client derived.
        return status == PersistenceStatus.NotPersisted && error.Code != ErrorCode.NotEnoughReplicasAfterAppend
            ? SendOutcome.Fail(code, error.Reason)
            : SendOutcome.Indeterminate($"{code}: {error.Reason}");
    }

    /// <summary>The outcome of a delivery report.</summary>
    public static SendOutcome From<TKey, TValue>(DeliveryReport<TKey, TValue> report) =>
        From(report.Status, report.Error, report.TopicPartitionOffset);

    /// <summary>
    /// The outcome of an exception thrown by <c>Produce</c>/<c>ProduceAsync</c>: a delivery failure carries its
    /// status; a refusal before hand-off (message too large, unknown partition) is a certain failure; anything
    /// else is indeterminate.
    /// </summary>
    public static SendOutcome FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ProduceException<byte[]?, byte[]> pe when pe.DeliveryResult is { } result =>
                From(result.Status, pe.Error, result.TopicPartitionOffset),
            KafkaException ke when IsRefusedBeforeHandOff(ke.Error.Code) =>
                SendOutcome.Fail(ErrorNames.Of(ke.Error.Code), ke.Error.Reason),
            KafkaException ke => SendOutcome.Indeterminate($"{ErrorNames.Of(ke.Error.Code)}: {ke.Error.Reason}"),
            _ => SendOutcome.Indeterminate($"{exception.GetType().Name}: {exception.Message}"),
        };
    }

    /// <summary>Local errors raised by <c>Produce</c> itself: the message never entered the client's queue.</summary>
    internal static bool IsRefusedBeforeHandOff(ErrorCode code) => code is
        ErrorCode.MsgSizeTooLarge or ErrorCode.Local_UnknownPartition or ErrorCode.Local_UnknownTopic
        or ErrorCode.Local_QueueFull or ErrorCode.Local_Fatal or ErrorCode.Local_InvalidArg;

    /// <summary>True for the final delivery failures an application should park (dead-letter) rather than count as sent.</summary>
    public static bool IsFailure(SendOutcome outcome) => outcome.Kind != SendOutcomeKind.Ok;
}
