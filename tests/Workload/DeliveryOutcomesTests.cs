using Confluent.Kafka;
using KafkaChaos.History;
using KafkaChaos.Provisioning;
using KafkaChaos.Tests.Support;
using KafkaChaos.Workload;
using NUnit.Framework;

namespace KafkaChaos.Tests.Workload;

/// <summary>Jepsen's rule: only a certain "not persisted" is a failure; acks=0 success is Ok at offset -1.</summary>
internal sealed class DeliveryOutcomesTests
{
    private static readonly TopicPartitionOffset At = new("t", 2, 41);

    /// <summary>An <see cref="Error"/> without a reason asks librdkafka for its text.</summary>
    [OneTimeSetUp]
    public void LoadLibrdkafka() => LibrdkafkaLocator.EnsureLoaded(null);

    [Test]
    public void Persisted_is_ok_at_its_offset() =>
        Assert.That(DeliveryOutcomes.From(PersistenceStatus.Persisted, new Error(ErrorCode.NoError), At), Is.EqualTo(SendOutcome.Ok(2, 41)));

    [Test]
    public void Acks_0_success_is_ok_at_offset_minus_one() =>
        Assert.That(DeliveryOutcomes.From(PersistenceStatus.PossiblyPersisted, new Error(ErrorCode.NoError), new TopicPartitionOffset("t", 1, Offset.Unset)),
            Is.EqualTo(SendOutcome.Ok(1, -1)));

    [Test]
    public void Not_persisted_is_a_failure_with_the_librdkafka_error_name()
    {
        var outcome = DeliveryOutcomes.From(PersistenceStatus.NotPersisted, new Error(ErrorCode.MsgSizeTooLarge, "too big"), At);
        Assert.That((outcome.Kind, outcome.ErrorCode, outcome.Reason), Is.EqualTo((SendOutcomeKind.Fail, "MSG_SIZE_TOO_LARGE", "too big")));
    }

    [TestCase(ErrorCode.Local_MsgTimedOut)]
    [TestCase(ErrorCode.RequestTimedOut)]
    [TestCase(ErrorCode.Local_Transport)]
    public void Possibly_persisted_is_indeterminate_never_a_failure(ErrorCode code) =>
        Assert.That(DeliveryOutcomes.From(PersistenceStatus.PossiblyPersisted, new Error(code), At).Kind, Is.EqualTo(SendOutcomeKind.Indeterminate));

    [Test]
    public void Not_enough_replicas_after_append_is_indeterminate_whatever_the_status() =>
        Assert.That(DeliveryOutcomes.From(PersistenceStatus.NotPersisted, new Error(ErrorCode.NotEnoughReplicasAfterAppend), At).Kind, Is.EqualTo(SendOutcomeKind.Indeterminate));

    [Test]
    public void A_message_refused_before_hand_off_is_a_failure() =>
        Assert.That(DeliveryOutcomes.FromException(new KafkaException(ErrorCode.MsgSizeTooLarge)).Kind, Is.EqualTo(SendOutcomeKind.Fail));
}
