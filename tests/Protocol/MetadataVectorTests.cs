using KafkaChaos.Protocol;
using NUnit.Framework;

namespace KafkaChaos.Tests.Protocol;

/// <summary>Metadata frames of every version 0-13, built by hand from MetadataRequest.json and MetadataResponse.json
/// (Kafka 4.1) field by field, decoded and re-encoded by the harness's codec. Each version is a case, so every
/// boundary where a field appears, moves or changes encoding (1, 2, 3, 5, 7, 8, 9, 10, 11, 12, 13) has its test.</summary>
internal sealed class MetadataVectorTests
{
    private static readonly byte[] TopicIdBytes = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    private static IEnumerable<short> Versions() => Enumerable.Range(0, 14).Select(v => (short)v);

    [TestCaseSource(nameof(Versions))]
    public void Response_of_each_version_decodes_every_field_and_re_encodes_byte_exact(short version)
    {
        var wire = ResponseBody(version);

        var decoded = MetadataResponse.Read(new KafkaReader(wire, flexible: version >= 9), version);

        var partition = decoded.Topics.Single().Partitions.Single();
        Assert.Multiple(() =>
        {
            Assert.That(decoded.Brokers.Select(b => (b.NodeId, b.Host, b.Port)), Is.EqualTo(new[] { (1, "h1", 9001), (2, "h2", 9002) }));
            Assert.That(decoded.Brokers[0].Rack, Is.EqualTo(version >= 1 ? "r1" : null), "Rack from v1");
            Assert.That(decoded.ControllerId, Is.EqualTo(version >= 1 ? 2 : -1), "ControllerId from v1");
            Assert.That(decoded.ClusterId, Is.EqualTo(version >= 2 ? "cid" : null), "ClusterId from v2");
            Assert.That(decoded.ThrottleTimeMs, Is.EqualTo(version >= 3 ? 7 : 0), "ThrottleTimeMs from v3");
            var topic = decoded.Topics.Single();
            Assert.That((topic.ErrorCode, topic.Name), Is.EqualTo(((short)0, "t")));
            Assert.That(topic.IsInternal, Is.EqualTo(version >= 1), "IsInternal from v1");
            Assert.That(topic.TopicId, Is.EqualTo(version >= 10 ? new Guid(TopicIdBytes, bigEndian: true) : Guid.Empty), "TopicId from v10");
            Assert.That(topic.TopicAuthorizedOperations, Is.EqualTo(version >= 8 ? 0x55 : int.MinValue), "TopicAuthorizedOperations from v8");
            Assert.That((partition.ErrorCode, partition.PartitionIndex, partition.LeaderId), Is.EqualTo(((short)9, 0, 2)), "per-partition error code");
            Assert.That(partition.LeaderEpoch, Is.EqualTo(version >= 7 ? 5 : -1), "LeaderEpoch from v7");
            Assert.That(partition.ReplicaNodes, Is.EqualTo(new[] { 2, 1, 3 }));
            Assert.That(partition.IsrNodes, Is.EqualTo(new[] { 2, 1 }));
            Assert.That(partition.OfflineReplicas, Is.EqualTo(version >= 5 ? new[] { 3 } : Array.Empty<int>()), "OfflineReplicas from v5");
            Assert.That(decoded.ClusterAuthorizedOperations, Is.EqualTo(version is >= 8 and <= 10 ? 0x77 : int.MinValue), "ClusterAuthorizedOperations in v8-10");
            Assert.That(decoded.ErrorCode, Is.EqualTo((short)0), "top-level ErrorCode (v13) is 0 here");
        });

        var writer = new KafkaWriter(flexible: version >= 9);
        decoded.Write(writer, version);
        Assert.That(writer.ToArray(), Is.EqualTo(wire));
    }

    [Test]
    public void V13_top_level_error_code_is_the_last_field_before_the_tags()
    {
        var wire = ResponseBody(13, topLevelError: 82);
        Assert.That(MetadataResponse.Read(new KafkaReader(wire, flexible: true), 13).ErrorCode, Is.EqualTo((short)82));
        Assert.That(() => MetadataResponse.Read(new KafkaReader(wire, flexible: true), 12), Throws.TypeOf<InvalidDataException>(),
            "read as v12 the trailing error code is left over: the layout check catches a version mix-up");
    }

    [Test]
    public void V12_topic_name_may_be_null()
    {
        var wire = new SpecBytes().I32(0).CArr(0).CStr(null).I32(-1)
            .CArr(1).I16(100).CStr(null).Uuid(TopicIdBytes).Bool(false).CArr(0).I32(int.MinValue).NoTags()
            .NoTags().ToArray();
        var topic = MetadataResponse.Read(new KafkaReader(wire, flexible: true), 12).Topics.Single();
        Assert.That((topic.ErrorCode, topic.Name), Is.EqualTo(((short)100, (string?)null)));
    }

    [TestCaseSource(nameof(Versions))]
    public void Request_of_each_version_for_one_topic_matches_the_spec(short version)
    {
        var expected = new SpecBytes();
        if (version >= 9) expected.CArr(1); else expected.Arr(1);
        if (version >= 10) expected.Uuid(new byte[16]);
        if (version >= 9) expected.CStr("t").NoTags(); else expected.Str("t");
        if (version >= 4) expected.Bool(false); // AllowAutoTopicCreation
        if (version is >= 8 and <= 10) expected.Bool(false); // IncludeClusterAuthorizedOperations
        if (version >= 8) expected.Bool(false); // IncludeTopicAuthorizedOperations
        if (version >= 9) expected.NoTags();

        var writer = new KafkaWriter(flexible: version >= 9);
        new MetadataRequest(["t"]).Write(writer, version);

        Assert.That(writer.ToArray(), Is.EqualTo(expected.ToArray()));
        var read = MetadataRequest.Read(new KafkaReader(expected.ToArray(), flexible: version >= 9), version);
        Assert.That(read.Topics, Is.EqualTo(new[] { "t" }));
    }

    [TestCase((short)0, new byte[] { 0, 0, 0, 0 })]
    [TestCase((short)1, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF })]
    [TestCase((short)9, new byte[] { 0, 0, 0, 0 })]
    public void All_topics_is_an_empty_array_in_v0_and_a_null_array_from_v1(short version, byte[] expected)
    {
        var writer = new KafkaWriter(flexible: version >= 9);
        new MetadataRequest(null).Write(writer, version);
        // v9: compact null array (0), AllowAutoTopicCreation, two authorized-operations flags, no tags.
        Assert.That(writer.ToArray(), Is.EqualTo(version == 9 ? [0, 0, 0, 0, 0] : expected));
        Assert.That(MetadataRequest.Read(new KafkaReader(writer.ToArray(), flexible: version >= 9), version).Topics, Is.Null);
    }

    /// <summary>MetadataResponse.json's fields in order, each written only in the versions the spec gives it.</summary>
    private static byte[] ResponseBody(short v, short topLevelError = 0)
    {
        var flex = v >= 9;
        var b = new SpecBytes();
        void Str(string? s) { if (flex) b.CStr(s); else b.Str(s); }
        void Arr(int n) { if (flex) b.CArr(n); else b.Arr(n); }
        void Tags() { if (flex) b.NoTags(); }
        void Ints(params int[] values) { Arr(values.Length); foreach (var x in values) b.I32(x); }

        if (v >= 3) b.I32(7); // ThrottleTimeMs
        Arr(2);
        foreach (var (id, host, port, rack) in new[] { (1, "h1", 9001, "r1"), (2, "h2", 9002, "r2") })
        {
            b.I32(id);
            Str(host);
            b.I32(port);
            if (v >= 1) Str(rack);
            Tags();
        }

        if (v >= 2) Str("cid"); // ClusterId
        if (v >= 1) b.I32(2); // ControllerId
        Arr(1);
        b.I16(0); // topic ErrorCode
        Str("t");
        if (v >= 10) b.Uuid(TopicIdBytes);
        if (v >= 1) b.Bool(true); // IsInternal
        Arr(1);
        b.I16(9).I32(0).I32(2); // partition ErrorCode (REPLICA_NOT_AVAILABLE), PartitionIndex, LeaderId
        if (v >= 7) b.I32(5); // LeaderEpoch
        Ints(2, 1, 3);
        Ints(2, 1);
        if (v >= 5) Ints(3); // OfflineReplicas
        Tags();
        if (v >= 8) b.I32(0x55); // TopicAuthorizedOperations
        Tags();
        if (v is >= 8 and <= 10) b.I32(0x77); // ClusterAuthorizedOperations
        if (v >= 13) b.I16(topLevelError); // ErrorCode
        Tags();
        return b.ToArray();
    }
}
