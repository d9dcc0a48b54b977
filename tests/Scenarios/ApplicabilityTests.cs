using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

internal sealed class ApplicabilityTests
{
    private static readonly NotApplicableRule[] Rules =
    [
        new() { Kafka = KafkaVersionRange.Parse("<0.11"), Reason = "idempotent producer needs Kafka 0.11+" },
        new() { Requires = "pageCacheLoss", Reason = "needs a page-cache-loss fault" },
    ];

    [Test]
    public void Old_versions_are_not_applicable_with_the_reason()
    {
        var result = Applicability.Evaluate(Rules, KafkaVersion.Parse("0.9.0.1"), new HashSet<string> { "pageCacheLoss" });
        Assert.That(result, Is.EqualTo(new Applicability(false, "idempotent producer needs Kafka 0.11+")));
    }

    [Test]
    public void Missing_capabilities_are_not_applicable() =>
        Assert.That(Applicability.Evaluate(Rules, KafkaVersion.Parse("3.7.0"), new HashSet<string>()).Reason, Is.EqualTo("needs a page-cache-loss fault"));

    [Test]
    public void Applicable_when_no_rule_matches() =>
        Assert.That(Applicability.Evaluate(Rules, KafkaVersion.Parse("3.7.0"), new HashSet<string> { "pageCacheLoss" }), Is.EqualTo(Applicability.Yes));

    [Test]
    public void Both_conditions_must_hold_when_combined()
    {
        NotApplicableRule[] rules = [new() { Kafka = KafkaVersionRange.Parse("<3.0"), Requires = "x", Reason = "r" }];
        Assert.That(Applicability.Evaluate(rules, KafkaVersion.Parse("2.0"), new HashSet<string> { "x" }).Applicable, Is.True);
        Assert.That(Applicability.Evaluate(rules, KafkaVersion.Parse("2.0"), new HashSet<string>()).Applicable, Is.False);
    }
}
