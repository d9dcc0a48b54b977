using System.Buffers.Binary;
using System.Text;
using KafkaChaos.Cluster;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster;

internal sealed class MetadataProbeTests
{
    [Test]
    public void Request_is_a_size_prefixed_metadata_v0_frame()
    {
        var frame = MetadataProbe.EncodeRequest(["t"], correlationId: 7);
        Assert.Multiple(() =>
        {
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(frame), Is.EqualTo(frame.Length - 4));
            Assert.That(BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(4)), Is.EqualTo(3), "api key Metadata");
            Assert.That(BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(6)), Is.EqualTo(0), "api version");
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(8)), Is.EqualTo(7), "correlation id");
        });
    }

    [Test]
    public void Response_decodes_brokers_leader_replicas_and_isr()
    {
        var body = new List<byte>();
        void I16(short v) { var b = new byte[2]; BinaryPrimitives.WriteInt16BigEndian(b, v); body.AddRange(b); }
        void I32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, v); body.AddRange(b); }
        void Str(string s) { I16((short)s.Length); body.AddRange(Encoding.UTF8.GetBytes(s)); }
        I32(7);
        I32(2); I32(3); Str("h"); I32(1); I32(1); Str("h"); I32(2);
        I32(1); I16(0); Str("topic");
        I32(1); I16(0); I32(0); I32(3); I32(3); I32(3); I32(1); I32(2); I32(2); I32(3); I32(1);

        var result = MetadataProbe.Decode(body.ToArray());

        Assert.That(result.Brokers, Is.EqualTo(new[] { 1, 3 }));
        var partition = result.Partitions.Single();
        Assert.That(partition, Is.EqualTo(partition with { Topic = "topic", Partition = 0, Leader = 3 }));
        Assert.That(partition.Replicas, Is.EqualTo(new[] { 3, 1, 2 }));
        Assert.That(partition.Isr, Is.EqualTo(new[] { 3, 1 }));
        Assert.That(partition.Followers, Is.EqualTo(new[] { 1, 2 }));
    }
}
