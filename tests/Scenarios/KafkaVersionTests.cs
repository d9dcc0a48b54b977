using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

internal sealed class KafkaVersionTests
{
    [TestCase("0.9.0.1", "0.9.0.1")]
    [TestCase("3.7.0", "3.7.0")]
    [TestCase("4.0", "4.0")]
    [TestCase("v3.9.1-SNAPSHOT", "3.9.1")]
    public void Parses_release_numbers(string text, string canonical) =>
        Assert.That(KafkaVersion.Parse(text).ToString(), Is.EqualTo(canonical));

    [TestCase("")]
    [TestCase("3..1")]
    [TestCase("x.y")]
    [TestCase("1.2.3.4.5")]
    public void Rejects_non_versions(string text) =>
        Assert.That(KafkaVersion.TryParse(text, out _), Is.False);

    [Test]
    public void Missing_parts_compare_as_zero()
    {
        Assert.That(KafkaVersion.Parse("3.0"), Is.EqualTo(KafkaVersion.Parse("3.0.0")));
        Assert.That(KafkaVersion.Parse("3.0").GetHashCode(), Is.EqualTo(KafkaVersion.Parse("3.0.0").GetHashCode()));
        Assert.That(KafkaVersion.Parse("0.9.0.1") < KafkaVersion.Parse("0.10"), Is.True);
        Assert.That(KafkaVersion.Parse("0.11") > KafkaVersion.Parse("0.9.0.1"), Is.True);
        Assert.That(KafkaVersion.Parse("4.0.0") >= KafkaVersion.Parse("3.7.0"), Is.True);
    }

    [TestCase(">=0.11", "0.9.0.1", false)]
    [TestCase(">=0.11", "0.11.0.0", true)]
    [TestCase("<0.11", "0.9.0.1", true)]
    [TestCase(">=0.9 <3.0", "2.8.1", true)]
    [TestCase(">=0.9 <3.0", "3.0.0", false)]
    [TestCase("0.9.0.1", "0.9.0.1", true)]
    [TestCase("*", "4.0.0", true)]
    [TestCase("!=3.7", "3.7.0", false)]
    [TestCase(">= 0.9 < 3.0", "2.8.1", true)]
    public void Ranges_hold_for_their_versions(string range, string version, bool contains) =>
        Assert.That(KafkaVersionRange.Parse(range).Contains(KafkaVersion.Parse(version)), Is.EqualTo(contains));

    [TestCase(">=")]
    [TestCase(">=0.9 and <3")]
    [TestCase("")]
    public void Rejects_malformed_ranges(string range) =>
        Assert.That(KafkaVersionRange.TryParse(range, out _, out var error) || error.Length == 0, Is.False);
}
