using KafkaChaos.Cluster;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster;

internal sealed class ClientSettingsTests
{
    [Test]
    public void Brokers_before_0_10_get_no_api_version_request_and_a_fallback_version()
    {
        var settings = new ClientSettings("127.0.0.1:1", new Version(0, 9, 0, 1));
        Assert.That(settings.Common["api.version.request"], Is.EqualTo("false"));
        Assert.That(settings.Common["broker.version.fallback"], Is.EqualTo("0.9.0.1"));
    }

    [TestCase("0.10.2")]
    [TestCase("3.9.1")]
    [TestCase("4.0.0")]
    public void Newer_brokers_negotiate_versions(string version)
    {
        var settings = new ClientSettings("127.0.0.1:1", Version.Parse(version));
        Assert.That(settings.Common, Does.Not.ContainKey("api.version.request"));
    }

    [Test]
    public void Consumer_session_timeout_stays_inside_the_0_9_broker_bounds_unless_overridden()
    {
        var settings = new ClientSettings("127.0.0.1:1", new Version(0, 9, 0, 1));
        var consumer = settings.Consumer("g");
        Assert.That(consumer.SessionTimeoutMs, Is.InRange(6000, 30000));
        Assert.That(consumer.HeartbeatIntervalMs, Is.LessThan(consumer.SessionTimeoutMs!.Value));
        Assert.That(settings.Consumer("g", new Dictionary<string, string> { ["session.timeout.ms"] = "7000" }).SessionTimeoutMs, Is.EqualTo(7000));
    }
}
