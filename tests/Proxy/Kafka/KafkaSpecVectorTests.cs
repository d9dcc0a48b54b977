using KafkaChaos.Proxy.Kafka;
using KafkaChaos.Tests.Protocol;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Kafka;

/// <summary>The proxy's parser against Produce and Fetch requests built by hand from ProduceRequest.json and
/// FetchRequest.json (Kafka 4.1): one case per version where the field it reads moves or changes encoding.</summary>
internal sealed class KafkaSpecVectorTests
{
    private static readonly byte[] TopicId = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    [TestCase((short)0, null, Description = "acks is the first body field")]
    [TestCase((short)2, null)]
    [TestCase((short)3, "tx", Description = "v3: TransactionalId (nullable string) before acks")]
    [TestCase((short)3, null)]
    [TestCase((short)8, "tx")]
    [TestCase((short)9, "tx", Description = "v9: header v2 with tags, compact TransactionalId")]
    [TestCase((short)9, null)]
    [TestCase((short)13, "tx", Description = "v13 (topic ids) leaves acks where v9 put it")]
    public void Produce_acks_at_each_version(short version, string? transactionalId)
    {
        var flexible = version >= 9;
        var body = new SpecBytes();
        if (version >= 3)
        {
            if (flexible) body.CStr(transactionalId); else body.Str(transactionalId);
        }

        body.I16(-1).I32(30000); // Acks, TimeoutMs; the topic data is not needed to find acks
        var header = Parse(Request(0, version, "p", flexible, body));

        Assert.That(header.Acks, Is.EqualTo((short)-1));
        Assert.That(header.HeaderVersion, Is.EqualTo(flexible ? 2 : 1));
        Assert.That(header.ClientId, Is.EqualTo("p"));
    }

    [TestCase((short)0)]
    [TestCase((short)4)]
    [TestCase((short)11, Description = "last classic version")]
    [TestCase((short)12, Description = "first flexible: header tags, ReplicaId still first")]
    [TestCase((short)14, Description = "last version with ReplicaId in the body (versions 0-14)")]
    public void Fetch_replica_id_is_the_first_body_field_up_to_v14(short version)
    {
        var body = new SpecBytes().I32(2).I32(500).I32(1); // ReplicaId, MaxWaitMs, MinBytes; the rest is not read
        var header = Parse(Request(1, version, "f", version >= 12, body, headerTag: version >= 12));
        Assert.That(header.ReplicaId, Is.EqualTo(2));
        Assert.That(header.HeaderVersion, Is.EqualTo(version >= 12 ? 2 : 1));
    }

    [TestCase((short)15, 3)]
    [TestCase((short)15, null)]
    [TestCase((short)16, 3)]
    [TestCase((short)17, 3, Description = "v17: ReplicaDirectoryId, partition tag 0")]
    [TestCase((short)18, 3, Description = "v18: HighWatermark, partition tag 1")]
    [TestCase((short)18, null)]
    public void Fetch_replica_id_from_v15_is_the_ReplicaState_tagged_field(short version, int? replicaId)
    {
        var header = Parse(Request(1, version, "f", true, FetchV15Body(version, replicaId)));
        Assert.That(header.ReplicaId, Is.EqualTo(replicaId ?? -1), "no ReplicaState = a consumer");
    }

    [Test]
    public void Fetch_above_the_spec_table_is_not_read_past_the_header()
    {
        // Fetch v19 exists only in a fork (aiven/inkless) and adds an untagged partition field: not guessed at.
        var header = Parse(Request(1, 19, "f", true, FetchV15Body(18, 3)));
        Assert.That((header.ApiVersion, header.ReplicaId, header.HeaderVersion), Is.EqualTo(((short)19, (int?)null, 2)));
        Assert.That(KafkaApiKeys.IsKnown(1, 19), Is.False);
        Assert.That(KafkaApiKeys.IsKnown(1, 18), Is.True);
    }

    [Test]
    public void Produce_above_the_spec_table_has_unknown_acks_and_expects_a_response()
    {
        var header = Parse(Request(0, 14, "p", true, new SpecBytes().CStr(null).I16(0).I32(1)));
        Assert.That((header.Acks, header.ExpectsResponse), Is.EqualTo(((short?)null, true)));
    }

    [Test]
    public void Fetch_v15_with_a_null_forgotten_partitions_array_has_unknown_replica_instead_of_throwing()
    {
        var b = new SpecBytes().I32(500).I32(1).I32(1 << 20).I8(0).I32(0).I32(-1).CArr(0)
            .CArr(1).Uuid(TopicId).CArr(null).NoTags().CStr("").NoTags();
        Assert.That(Parse(Request(1, 15, "f", true, b)).ReplicaId, Is.Null);
    }

    [Test]
    public void Unknown_api_key_still_yields_correlation_and_client_id()
    {
        var header = Parse(Request(200, 3, "u", false, new SpecBytes().I32(1)));
        Assert.That((header.ApiKey, header.CorrelationId, header.ClientId, header.HeaderVersion), Is.EqualTo(((short)200, 42, "u", -1)));
    }

    /// <summary>FetchRequest.json v15+ body, every field in order; the tagged fields the spec gives each version.</summary>
    private static SpecBytes FetchV15Body(short version, int? replicaId)
    {
        var b = new SpecBytes().I32(500).I32(1).I32(1 << 20).I8(0).I32(0).I32(-1); // MaxWait..SessionEpoch
        b.CArr(1).Uuid(TopicId).CArr(2);
        for (var p = 0; p < 2; p++)
        {
            b.I32(p).I32(4).I64(100).I32(3).I64(0).I32(1 << 20); // Partition .. PartitionMaxBytes
            var tags = new List<(uint Tag, byte[] Value)>();
            if (version >= 17) tags.Add((0, new byte[16])); // ReplicaDirectoryId
            if (version >= 18) tags.Add((1, new SpecBytes().I64(99).ToArray())); // HighWatermark
            b.UVarint((uint)tags.Count);
            foreach (var (tag, value) in tags) b.UVarint(tag).UVarint((uint)value.Length).Raw(value);
        }

        b.NoTags(); // topic
        b.CArr(1).Uuid(TopicId).CArr(1).I32(7).NoTags(); // ForgottenTopicsData
        b.CStr("rack"); // RackId
        var clusterId = new SpecBytes().CStr("cid").ToArray();
        if (replicaId is { } id)
        {
            var state = new SpecBytes().I32(id).I64(12).NoTags().ToArray(); // ReplicaState {ReplicaId, ReplicaEpoch}
            b.UVarint(2).UVarint(0).UVarint((uint)clusterId.Length).Raw(clusterId).UVarint(1).UVarint((uint)state.Length).Raw(state);
        }
        else
        {
            b.UVarint(1).UVarint(0).UVarint((uint)clusterId.Length).Raw(clusterId);
        }

        return b;
    }

    /// <summary>Request header v1 or v2 (client id a classic string in both; v2 adds a tag buffer, here optionally
    /// holding one unknown tag to be skipped) followed by <paramref name="body"/>.</summary>
    private static byte[] Request(short apiKey, short version, string clientId, bool headerV2, SpecBytes body, bool headerTag = false)
    {
        var payload = new SpecBytes().I16(apiKey).I16(version).I32(42).Str(clientId);
        if (headerV2)
        {
            if (headerTag) payload.UVarint(1).UVarint(5).UVarint(2).I16(0x0102);
            else payload.NoTags();
        }

        return payload.Raw(body.ToArray()).ToArray();
    }

    private static KafkaRequestHeader Parse(byte[] payload)
    {
        var status = KafkaHeaderParser.TryParseRequest(payload, payload.Length, out var header, out _);
        Assert.That(status, Is.EqualTo(KafkaParseStatus.Complete));
        return header!.Value;
    }
}
