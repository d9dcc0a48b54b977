using Confluent.Kafka;
using KafkaChaos.Workload;
using NUnit.Framework;

namespace KafkaChaos.Tests.Workload;

internal sealed class ErrorNamesTests
{
    [TestCase(ErrorCode.NotEnoughReplicas, "NOT_ENOUGH_REPLICAS")]
    [TestCase(ErrorCode.NotEnoughReplicasAfterAppend, "NOT_ENOUGH_REPLICAS_AFTER_APPEND")]
    [TestCase(ErrorCode.MsgSizeTooLarge, "MSG_SIZE_TOO_LARGE")]
    [TestCase(ErrorCode.RequestTimedOut, "REQUEST_TIMED_OUT")]
    [TestCase(ErrorCode.Local_MsgTimedOut, "_MSG_TIMED_OUT")]
    [TestCase(ErrorCode.Local_Transport, "_TRANSPORT")]
    [TestCase(ErrorCode.Local_AllBrokersDown, "_ALL_BROKERS_DOWN")]
    public void Names_follow_librdkafka(ErrorCode code, string expected) => Assert.That(ErrorNames.Of(code), Is.EqualTo(expected));
}
