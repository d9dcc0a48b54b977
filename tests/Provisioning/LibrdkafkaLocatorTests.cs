using KafkaChaos.Provisioning;
using NUnit.Framework;

namespace KafkaChaos.Tests.Provisioning;

internal sealed class LibrdkafkaLocatorTests
{
    [Test]
    public void An_explicit_path_that_does_not_exist_is_named_in_the_error() =>
        Assert.That(() => LibrdkafkaLocator.CheckOverride("/nonexistent/librdkafka.so"),
            Throws.TypeOf<ProvisioningException>().With.Message.Contains("/nonexistent/librdkafka.so"));

    [Test]
    public void A_library_that_is_not_librdkafka_is_rejected_before_any_client_runs()
    {
        const string libz = "/lib/x86_64-linux-gnu/libz.so.1";
        Assume.That(File.Exists(libz), "needs zlib's shared library as a stand-in for a wrong library");
        Assert.That(() => LibrdkafkaLocator.CheckOverride(libz),
            Throws.TypeOf<ProvisioningException>().With.Message.Contains("not a loadable librdkafka"));
    }

    [Test]
    public void Without_an_override_the_package_library_is_used_and_is_the_required_version()
    {
        Assume.That(Environment.GetEnvironmentVariable(LibrdkafkaLocator.PathVariable), Is.Null.Or.Empty, "an override is set");
        Assert.That(LibrdkafkaLocator.CheckOverride(null), Is.Null);
        // Confluent.Kafka's own view of the native library it loaded from librdkafka.redist.
        Assert.That(Confluent.Kafka.Library.VersionString, Does.StartWith($"{LibrdkafkaLocator.Required.Major}.{LibrdkafkaLocator.Required.Minor}."));
    }

    [TestCase("2.16.0", true)]
    [TestCase("2.17.1", true)]
    [TestCase("2.15.1", false)]
    [TestCase("1.9.3", false)]
    public void Compatibility_requires_2_16_or_a_later_2_x(string found, bool compatible) =>
        Assert.That(LibrdkafkaLocator.IsCompatible(Version.Parse(found)), Is.EqualTo(compatible));
}
