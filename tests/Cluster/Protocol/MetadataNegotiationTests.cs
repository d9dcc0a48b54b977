using KafkaChaos.Cluster;
using KafkaChaos.Protocol;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster.Protocol;

/// <summary>The probe's version negotiation against loopback peers that answer as brokers of each generation.</summary>
internal sealed class MetadataNegotiationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Test]
    public async Task Against_a_4x_broker_the_probe_asks_ApiVersions_then_the_newest_flexible_Metadata_version()
    {
        await using var broker = new FakeKafkaBroker(FakeBrokerProfile.Kafka41);

        var result = await MetadataProbe.QueryAsync(broker.Port, ["t"], Timeout, CancellationToken.None).Within();

        Assert.That(broker.Requests, Is.EqualTo(new[] { (KafkaMessageSpecs.ApiVersions, (short)0), (KafkaMessageSpecs.Metadata, (short)13) }));
        Assert.That(result.ApiVersion, Is.EqualTo(13));
        Assert.That(KafkaMessageSpecs.MetadataSpec.IsFlexible(result.ApiVersion), Is.True);
        Assert.That(result.Brokers, Is.EqualTo(new[] { 1, 2, 3 }));
        var partition = result.Partitions.Single();
        Assert.That((partition.Topic, partition.Leader, partition.Replicas, partition.Isr), Is.EqualTo(("t", 2, new[] { 2, 1, 3 }, new[] { 2, 1 })));
        var decoded = result.Response!.Topics.Single();
        Assert.That(decoded.TopicId, Is.Not.EqualTo(Guid.Empty), "topic id (v10+)");
        Assert.That(decoded.Partitions.Single(), Is.EqualTo(decoded.Partitions.Single() with { ErrorCode = 9, LeaderEpoch = 5 }));
        Assert.That(decoded.Partitions.Single().OfflineReplicas, Is.EqualTo(new[] { 3 }));
    }

    [Test]
    public async Task All_topics_against_a_4x_broker_is_a_null_topic_array()
    {
        await using var broker = new FakeKafkaBroker(FakeBrokerProfile.Kafka41);
        var result = await MetadataProbe.QueryAsync(broker.Port, [], Timeout, CancellationToken.None).Within();
        Assert.That(result.TopicErrors.Keys, Is.EqualTo(new[] { "t" }), "the fake answers a null array with every topic");
    }

    [Test]
    public async Task Unknown_topic_error_is_reported_per_topic()
    {
        await using var broker = new FakeKafkaBroker(FakeBrokerProfile.Kafka41);
        var result = await MetadataProbe.QueryAsync(broker.Port, ["missing"], Timeout, CancellationToken.None).Within();
        Assert.That(result.TopicErrors["missing"], Is.EqualTo((short)3));
    }

    [Test]
    public async Task A_0_9_broker_of_known_release_is_asked_Metadata_v0_without_ApiVersions()
    {
        await using var broker = new FakeKafkaBroker(FakeBrokerProfile.Kafka0901);

        var result = await MetadataProbe.QueryAsync(broker.Port, ["t"], Timeout, new Version(0, 9, 0, 1), CancellationToken.None).Within();

        Assert.That(broker.Requests, Is.EqualTo(new[] { (KafkaMessageSpecs.Metadata, (short)0) }), "no ApiVersions: 0.9.0.1 would never answer it");
        Assert.That(result.ApiVersion, Is.EqualTo(0));
    }

    [Test]
    public async Task A_0_9_broker_of_unknown_release_times_out_rather_than_being_misread()
    {
        await using var broker = new FakeKafkaBroker(FakeBrokerProfile.Kafka0901);
        Assert.That(async () => await MetadataProbe.QueryAsync(broker.Port, ["t"], TimeSpan.FromMilliseconds(300), CancellationToken.None),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task A_4x_broker_of_known_release_is_still_negotiated()
    {
        await using var broker = new FakeKafkaBroker(FakeBrokerProfile.Kafka41);
        var result = await MetadataProbe.QueryAsync(broker.Port, ["t"], Timeout, new Version(4, 1, 0), CancellationToken.None).Within();
        Assert.That(result.ApiVersion, Is.EqualTo(13));
    }

    [Test]
    public async Task A_broker_that_closes_on_ApiVersions_is_asked_Metadata_v0_on_a_new_connection()
    {
        await using var broker = new FakeKafkaBroker(FakeBrokerProfile.Pre010Closing);

        var result = await MetadataProbe.QueryAsync(broker.Port, ["t"], Timeout, CancellationToken.None).Within();

        Assert.That(broker.Requests, Is.EqualTo(new[] { (KafkaMessageSpecs.ApiVersions, (short)0), (KafkaMessageSpecs.Metadata, (short)0) }));
        Assert.That(result.ApiVersion, Is.EqualTo(0));
        Assert.That(result.Partitions.Single().Leader, Is.EqualTo(2));
        Assert.That(result.Response!.Topics.Single().Partitions.Single().LeaderEpoch, Is.EqualTo(-1), "no leader epoch before v7");
    }

    [Test]
    public async Task A_broker_newer_than_the_specs_is_asked_the_newest_version_the_harness_decodes()
    {
        await using var broker = new FakeKafkaBroker(FakeBrokerProfile.Future);
        var result = await MetadataProbe.QueryAsync(broker.Port, ["t"], Timeout, CancellationToken.None).Within();
        Assert.That(result.ApiVersion, Is.EqualTo(MetadataProbe.MaxMetadataVersion));
    }

    [Test]
    public async Task No_common_Metadata_version_is_an_error_that_names_both_ranges()
    {
        await using var broker = new FakeKafkaBroker(FakeBrokerProfile.NoCommonMetadata);
        Assert.That(async () => await MetadataProbe.QueryAsync(broker.Port, ["t"], Timeout, CancellationToken.None),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("v14-20").And.Message.Contains("v0-13"));
        Assert.That(broker.Requests, Has.Count.EqualTo(1), "no Metadata request is sent");
    }

    [TestCase((short)3, (short)0, (short)13, (short)13)]
    [TestCase((short)3, (short)0, (short)0, (short)0)]
    [TestCase((short)3, (short)4, (short)9, (short)9)]
    public void Negotiation_takes_the_highest_common_version(short key, short min, short max, short expected) =>
        Assert.That(VersionNegotiation.Choose(new ApiVersionRange(key, min, max), 0, 13), Is.EqualTo(expected));

    [Test]
    public void Negotiation_without_overlap_or_entry_is_null()
    {
        Assert.That(VersionNegotiation.Choose(new ApiVersionRange(3, 14, 20), 0, 13), Is.Null);
        Assert.That(VersionNegotiation.Choose(null, 0, 13), Is.Null);
    }
}
