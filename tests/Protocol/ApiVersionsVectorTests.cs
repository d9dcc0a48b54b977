using KafkaChaos.Protocol;
using NUnit.Framework;

namespace KafkaChaos.Tests.Protocol;

/// <summary>ApiVersions frames from ApiVersionsRequest.json / ApiVersionsResponse.json (0-4, 3+ flexible) and the
/// header rule of ResponseHeader.json (an ApiVersions response always has header v0).</summary>
internal sealed class ApiVersionsVectorTests
{
    [TestCase((short)0)]
    [TestCase((short)1)]
    [TestCase((short)2)]
    public void Response_v0_to_v2_is_classic_and_throttle_time_comes_in_v1(short version)
    {
        var wire = new SpecBytes().I16(0).Arr(2).I16(3).I16(0).I16(13).I16(18).I16(0).I16(4);
        if (version >= 1) wire.I32(11);

        var decoded = ApiVersionsResponse.Read(new KafkaReader(wire.ToArray(), flexible: false), version);

        Assert.That(decoded.Apis, Is.EqualTo(new[] { new ApiVersionRange(3, 0, 13), new ApiVersionRange(18, 0, 4) }));
        Assert.That(decoded.ThrottleTimeMs, Is.EqualTo(version >= 1 ? 11 : 0));
        var writer = new KafkaWriter(flexible: false);
        decoded.Write(writer, version);
        Assert.That(writer.ToArray(), Is.EqualTo(wire.ToArray()));
    }

    [TestCase((short)3)]
    [TestCase((short)4)]
    public void Response_v3_plus_is_compact_with_tagged_fields_skipped_and_a_v0_header(short version)
    {
        // Body: ErrorCode, compact ApiKeys (each with an empty tag buffer), ThrottleTimeMs, then the top-level tags:
        // tag 0 SupportedFeatures (unknown to the reader, must be skipped) and tag 1 FinalizedFeaturesEpoch.
        var supportedFeatures = new SpecBytes().CArr(1).CStr("metadata.version").I16(1).I16(27).NoTags().ToArray();
        var epoch = new SpecBytes().I64(42).ToArray();
        var body = new SpecBytes().I16(0).CArr(1).I16(3).I16(0).I16(13).NoTags().I32(0)
            .UVarint(2).UVarint(0).UVarint((uint)supportedFeatures.Length).Raw(supportedFeatures)
            .UVarint(1).UVarint((uint)epoch.Length).Raw(epoch);
        var payload = new SpecBytes().I32(77).Raw(body.ToArray()).ToArray(); // header v0: correlation id only

        var reader = new KafkaReader(payload, flexible: false);
        Assert.That(ResponseHeader.Read(reader, KafkaMessageSpecs.ApiVersions, version), Is.EqualTo(77));
        var decoded = ApiVersionsResponse.Read(reader, version);

        Assert.That(decoded.Apis, Is.EqualTo(new[] { new ApiVersionRange(3, 0, 13) }));
        Assert.That(decoded.FinalizedFeaturesEpoch, Is.EqualTo(42));
    }

    [Test]
    public void Request_v0_is_empty_and_v3_carries_compact_client_software_fields_after_a_v2_header()
    {
        var v0 = new RequestHeader(KafkaMessageSpecs.ApiVersions, 0, 1, "c").Start();
        new ApiVersionsRequest("kafka-chaos", "1").Write(v0, 0);
        Assert.That(v0.ToArray(), Is.EqualTo(new SpecBytes().I16(18).I16(0).I32(1).Str("c").ToArray()), "header v1, no body");

        var v3 = new RequestHeader(KafkaMessageSpecs.ApiVersions, 3, 2, "c").Start();
        new ApiVersionsRequest("kafka-chaos", "1").Write(v3, 3);
        var expected = new SpecBytes().I16(18).I16(3).I32(2).Str("c").NoTags() // header v2: client id stays a classic string
            .CStr("kafka-chaos").CStr("1").NoTags();
        Assert.That(v3.ToArray(), Is.EqualTo(expected.ToArray()));
    }
}
