using KafkaChaos.Cluster;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster;

internal sealed class ClusterBackendSelectionTests
{
    [TestCase(null, ClusterBackend.Process)]
    [TestCase("", ClusterBackend.Process)]
    [TestCase("process", ClusterBackend.Process)]
    [TestCase(" Docker ", ClusterBackend.Docker)]
    public void A_backend_name_selects_its_backend(string? text, ClusterBackend expected) =>
        Assert.That(ClusterBackendSelection.Parse(text, "test"), Is.EqualTo(expected));

    [Test]
    public void An_unknown_backend_is_a_clear_error_naming_the_choices() =>
        Assert.That(() => ClusterBackendSelection.Parse("podman", "--backend"),
            Throws.ArgumentException.With.Message.Contains("--backend").And.Message.Contains("'podman'").And.Message.Contains("docker"));

    [Test]
    public void Jar_names_of_an_image_give_its_kafka_version()
    {
        Assert.That(KafkaChaos.Provisioning.KafkaVersionInfo.DetectFromJarNames(["zookeeper-3.4.6.jar", "kafka_2.11-0.9.0.1.jar"]), Is.EqualTo(new Version(0, 9, 0, 1)));
        Assert.That(KafkaChaos.Provisioning.KafkaVersionInfo.DetectFromJarNames(["kafka-clients-4.1.1.jar", "kafka-server-4.1.1.jar"]), Is.EqualTo(new Version(4, 1, 1)));
        Assert.That(KafkaChaos.Provisioning.KafkaVersionInfo.DetectFromJarNames(["slf4j-api-1.7.jar"]), Is.Null);
    }
}
