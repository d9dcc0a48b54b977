using KafkaChaos.Provisioning;
using NUnit.Framework;

namespace KafkaChaos.Tests.Provisioning;

internal sealed class KafkaDistributionTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("kafka-chaos-dist-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [TestCase("kafka_2.11-0.9.0.1.jar", "0.9.0.1")]
    [TestCase("kafka_2.13-3.9.1.jar", "3.9.1")]
    [TestCase("kafka-clients-4.0.0.jar", "4.0.0")]
    public void Version_is_read_from_the_distribution_jars(string jar, string expected)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "libs"));
        File.WriteAllText(Path.Combine(_dir, "libs", jar), "");
        File.WriteAllText(Path.Combine(_dir, "libs", "kafka_2.13-9.9.9-sources.jar"), "");
        Assert.That(KafkaDistribution.Open(_dir, "test").Version, Is.EqualTo(Version.Parse(expected)));
    }

    [Test]
    public void A_directory_without_kafka_jars_is_a_clear_error() =>
        Assert.That(() => KafkaDistribution.Open(_dir, "KAFKA_HOME"),
            Throws.TypeOf<ProvisioningException>().With.Message.Contains("not a usable Kafka distribution").And.Message.Contains("KAFKA_HOME"));

    [Test]
    public void A_missing_directory_is_a_clear_error() =>
        Assert.That(() => KafkaDistribution.Open(Path.Combine(_dir, "nope"), "--kafka-home"),
            Throws.TypeOf<ProvisioningException>().With.Message.Contains("does not exist"));

    [TestCase("0.9.0.1", false, false)]
    [TestCase("0.11.0.3", false, true)]
    [TestCase("3.3.0", true, true)]
    public void Capabilities_follow_the_version(string version, bool kraft, bool idempotence)
    {
        var v = Version.Parse(version);
        Assert.That((KafkaVersionInfo.UsesKRaft(v), KafkaVersionInfo.SupportsIdempotence(v)), Is.EqualTo((kraft, idempotence)));
    }
}
