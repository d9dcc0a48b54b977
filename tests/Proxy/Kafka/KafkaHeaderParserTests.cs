using System.Buffers.Binary;
using KafkaChaos.Proxy.Kafka;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Kafka;

internal sealed class KafkaHeaderParserTests
{
    [Test]
    public void Header_v1_reads_api_version_correlation_and_client_id()
    {
        var payload = Payload(KafkaFrames.Request(KafkaFrames.Metadata, 1, 77, "my-client", [0, 0, 0, 0]));
        var status = KafkaHeaderParser.TryParseRequest(payload, payload.Length, out var header, out _);

        Assert.That(status, Is.EqualTo(KafkaParseStatus.Complete));
        Assert.That(header, Is.EqualTo(new KafkaRequestHeader(3, 1, 77, "my-client", 1, null, null)));
    }

    [Test]
    public void Header_v1_null_client_id()
    {
        var payload = Payload(KafkaFrames.Request(KafkaFrames.ApiVersions, 0, 5, null, []));
        KafkaHeaderParser.TryParseRequest(payload, payload.Length, out var header, out _);
        Assert.That(header!.Value.ClientId, Is.Null);
    }

    [Test]
    public void Header_v0_controlled_shutdown_has_no_client_id()
    {
        byte[] payload = [0, 7, 0, 0, 0, 0, 0, 9, 0, 0, 0, 1];
        var status = KafkaHeaderParser.TryParseRequest(payload, payload.Length, out var header, out _);

        Assert.That(status, Is.EqualTo(KafkaParseStatus.Complete));
        Assert.That(header, Is.EqualTo(new KafkaRequestHeader(7, 0, 9, null, 0, null, null)));
    }

    [Test]
    public void Fetch_v4_reads_replica_id()
    {
        var payload = Payload(KafkaFrames.FetchRequest(3, replicaId: 2));
        KafkaHeaderParser.TryParseRequest(payload, payload.Length, out var header, out _);
        Assert.That(header!.Value.ReplicaId, Is.EqualTo(2));
        Assert.That(header!.Value.ExpectsResponse, Is.True);
    }

    [Test]
    public void Header_v2_fetch_v12_skips_tagged_fields_to_reach_replica_id()
    {
        // api 1 v12, corr 8, client id "c", tagged fields: 1 field (tag 0, 2 bytes), then replica_id 1.
        byte[] payload = [0, 1, 0, 12, 0, 0, 0, 8, 0, 1, (byte)'c', 1, 0, 2, 0xAA, 0xBB, 0, 0, 0, 1, 0xFF];
        var status = KafkaHeaderParser.TryParseRequest(payload, payload.Length, out var header, out _);

        Assert.That(status, Is.EqualTo(KafkaParseStatus.Complete));
        Assert.That(header, Is.EqualTo(new KafkaRequestHeader(1, 12, 8, "c", 2, 1, null)));
    }

    [Test]
    public void Fetch_v15_reads_replica_id_from_the_trailing_replica_state_tagged_field()
    {
        var payload = Payload(KafkaFrames.FetchV15Request(8, replicaId: 3));
        var status = KafkaHeaderParser.TryParseRequest(payload.AsSpan(0, 40), payload.Length, out _, out var needed);
        Assert.That(status, Is.EqualTo(KafkaParseStatus.NeedMore));
        Assert.That(needed, Is.EqualTo(payload.Length), "v15 fetches are read whole");

        KafkaHeaderParser.TryParseRequest(payload, payload.Length, out var header, out _);
        Assert.That(header!.Value.ReplicaId, Is.EqualTo(3));
        Assert.That(header!.Value.HeaderVersion, Is.EqualTo(2));
    }

    [Test]
    public void Fetch_v15_without_replica_state_is_a_consumer()
    {
        var payload = Payload(KafkaFrames.FetchV15Request(8, replicaId: null));
        KafkaHeaderParser.TryParseRequest(payload, payload.Length, out var header, out _);
        Assert.That(header!.Value.ReplicaId, Is.EqualTo(-1));
    }

    [Test]
    public void Fetch_v15_truncated_body_has_unknown_replica()
    {
        byte[] payload = [0, 1, 0, 15, 0, 0, 0, 8, 0, 1, (byte)'c', 0, 0, 0, 1, 0xF4];
        KafkaHeaderParser.TryParseRequest(payload, payload.Length, out var header, out _);
        Assert.That(header!.Value.ReplicaId, Is.Null);
    }

    [Test]
    public void Produce_v3_acks_zero_expects_no_response()
    {
        var payload = Payload(KafkaFrames.ProduceRequest(4, acks: 0));
        KafkaHeaderParser.TryParseRequest(payload, payload.Length, out var header, out _);
        Assert.That(header!.Value.Acks, Is.EqualTo((short)0));
        Assert.That(header!.Value.ExpectsResponse, Is.False);
    }

    [Test]
    public void Produce_v9_reads_compact_transactional_id_then_acks()
    {
        // api 0 v9, corr 2, client id "p", no tagged fields, transactional id "tx" (length+1 = 3), acks -1.
        byte[] payload = [0, 0, 0, 9, 0, 0, 0, 2, 0, 1, (byte)'p', 0, 3, (byte)'t', (byte)'x', 0xFF, 0xFF, 0, 0, 0x75, 0x30];
        var status = KafkaHeaderParser.TryParseRequest(payload, payload.Length, out var header, out _);

        Assert.That(status, Is.EqualTo(KafkaParseStatus.Complete));
        Assert.That(header, Is.EqualTo(new KafkaRequestHeader(0, 9, 2, "p", 2, null, -1)));
    }

    [Test]
    public void Asks_for_more_bytes_one_step_at_a_time_until_complete()
    {
        var payload = Payload(KafkaFrames.ProduceRequest(11, acks: 1));
        var have = 0;
        var steps = 0;
        KafkaRequestHeader? header;
        while (KafkaHeaderParser.TryParseRequest(payload.AsSpan(0, have), payload.Length, out header, out var needed) == KafkaParseStatus.NeedMore)
        {
            Assert.That(needed, Is.GreaterThan(have).And.LessThanOrEqualTo(payload.Length));
            have = needed;
            steps++;
        }

        Assert.That(header!.Value.CorrelationId, Is.EqualTo(11));
        Assert.That(header!.Value.Acks, Is.EqualTo((short)1));
        Assert.That(have, Is.LessThan(payload.Length), "only the header and acks are needed, not the records");
        Assert.That(steps, Is.GreaterThan(1));
    }

    [Test]
    public void Client_id_longer_than_the_frame_is_malformed()
    {
        byte[] payload = [0, 3, 0, 1, 0, 0, 0, 1, 0x7F, 0xFF, 1, 2];
        Assert.That(KafkaHeaderParser.TryParseRequest(payload, payload.Length, out _, out _), Is.EqualTo(KafkaParseStatus.Malformed));
    }

    [Test]
    public void Response_correlation_id_is_the_first_field()
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(payload, 1234);
        Assert.That(KafkaHeaderParser.TryParseResponseCorrelationId(payload, out var id), Is.True);
        Assert.That(id, Is.EqualTo(1234));
    }

    private static byte[] Payload(byte[] frame) => frame[4..];
}
