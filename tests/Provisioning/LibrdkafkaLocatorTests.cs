using KafkaChaos.Provisioning;
using NUnit.Framework;

namespace KafkaChaos.Tests.Provisioning;

public sealed class LibrdkafkaLocatorTests
{
    private static readonly CachePaths UnusedCache = new(Path.Combine(Path.GetTempPath(), "kafka-chaos-unused-cache"));

    [Test]
    public void An_explicit_path_that_does_not_exist_is_named_in_the_error() =>
        Assert.That(async () => await LibrdkafkaLocator.LocateAsync(UnusedCache, "/nonexistent/librdkafka.so", null, CancellationToken.None),
            Throws.TypeOf<ProvisioningException>().With.Message.Contains("/nonexistent/librdkafka.so"));

    [Test]
    public void A_library_that_is_not_librdkafka_is_rejected_before_any_client_runs()
    {
        const string libz = "/lib/x86_64-linux-gnu/libz.so.1";
        Assume.That(File.Exists(libz), "needs zlib's shared library as a stand-in for a wrong library");
        Assert.That(async () => await LibrdkafkaLocator.LocateAsync(UnusedCache, libz, null, CancellationToken.None),
            Throws.TypeOf<ProvisioningException>().With.Message.Contains("not a loadable librdkafka"));
    }

    [TestCase("2.15.1", true)]
    [TestCase("2.16.0", true)]
    [TestCase("2.0.2", false)]
    [TestCase("1.9.3", false)]
    public void Compatibility_requires_2_15_or_a_later_2_x(string found, bool compatible) =>
        Assert.That(LibrdkafkaLocator.IsCompatible(Version.Parse(found)), Is.EqualTo(compatible));
}
