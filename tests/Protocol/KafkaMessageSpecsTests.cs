using KafkaChaos.Protocol;
using NUnit.Framework;

namespace KafkaChaos.Tests.Protocol;

/// <summary>The header versions the spec table yields at each boundary (RequestHeader.json, ResponseHeader.json and
/// the flexibleVersions of the apis the harness parses or sends).</summary>
internal sealed class KafkaMessageSpecsTests
{
    [TestCase(KafkaMessageSpecs.ControlledShutdown, 0, 0, Description = "the one header v0: ControlledShutdown v0")]
    [TestCase(KafkaMessageSpecs.ControlledShutdown, 1, 1)]
    [TestCase(KafkaMessageSpecs.ControlledShutdown, 3, 2)]
    [TestCase(KafkaMessageSpecs.Produce, 8, 1)]
    [TestCase(KafkaMessageSpecs.Produce, 9, 2)]
    [TestCase(KafkaMessageSpecs.Fetch, 11, 1)]
    [TestCase(KafkaMessageSpecs.Fetch, 12, 2)]
    [TestCase(KafkaMessageSpecs.Metadata, 8, 1)]
    [TestCase(KafkaMessageSpecs.Metadata, 9, 2)]
    [TestCase(KafkaMessageSpecs.ApiVersions, 2, 1)]
    [TestCase(KafkaMessageSpecs.ApiVersions, 3, 2)]
    [TestCase((short)17, 1, 1, Description = "SaslHandshake is never flexible")]
    [TestCase((short)52, 0, 2, Description = "Vote is flexible from v0")]
    public void Request_header_version(short apiKey, short version, int expected) =>
        Assert.That(KafkaMessageSpecs.RequestHeaderVersion(apiKey, version), Is.EqualTo(expected));

    [Test]
    public void Response_header_is_v1_for_flexible_versions_but_always_v0_for_ApiVersions()
    {
        Assert.That(KafkaMessageSpecs.ResponseHeaderVersion(KafkaMessageSpecs.Metadata, 8), Is.EqualTo(0));
        Assert.That(KafkaMessageSpecs.ResponseHeaderVersion(KafkaMessageSpecs.Metadata, 9), Is.EqualTo(1));
        Assert.That(KafkaMessageSpecs.ResponseHeaderVersion(KafkaMessageSpecs.ApiVersions, 4), Is.EqualTo(0));
    }

    [Test]
    public void Unknown_api_key_has_no_header_version()
    {
        Assert.That(KafkaMessageSpecs.RequestHeaderVersion(200, 0), Is.Null);
        Assert.That(KafkaMessageSpecs.Find(-1), Is.Null);
    }

    [Test]
    public void Header_v0_v1_v2_bytes()
    {
        Assert.That(new RequestHeader(7, 0, 9, "x").Start().ToArray(), Is.EqualTo(new SpecBytes().I16(7).I16(0).I32(9).ToArray()));
        Assert.That(new RequestHeader(3, 1, 9, null).Start().ToArray(), Is.EqualTo(new SpecBytes().I16(3).I16(1).I32(9).Str(null).ToArray()));
        Assert.That(new RequestHeader(3, 12, 9, "x").Start().ToArray(), Is.EqualTo(new SpecBytes().I16(3).I16(12).I32(9).Str("x").NoTags().ToArray()));
        var read = RequestHeader.Read(new KafkaReader(new SpecBytes().I16(3).I16(12).I32(9).Str("x").UVarint(1).UVarint(5).UVarint(1).I8(0).ToArray(), false));
        Assert.That(read, Is.EqualTo(new RequestHeader(3, 12, 9, "x")), "a header tagged field is skipped");
    }

    [Test]
    public void Varints_round_trip_at_each_byte_boundary()
    {
        foreach (var value in new uint[] { 0, 127, 128, 16383, 16384, uint.MaxValue })
        {
            var writer = new KafkaWriter(flexible: true);
            writer.UnsignedVarint(value);
            Assert.That(writer.ToArray(), Is.EqualTo(new SpecBytes().UVarint(value).ToArray()));
            Assert.That(new KafkaReader(writer.ToArray(), true).UnsignedVarint(), Is.EqualTo(value));
        }
    }

    [Test]
    public void Truncated_body_throws_invalid_data_naming_the_field()
    {
        var reader = new KafkaReader(new byte[] { 0, 1 }, flexible: false);
        Assert.That(() => reader.Int32(), Throws.TypeOf<InvalidDataException>().With.Message.Contains("int32"));
    }
}
