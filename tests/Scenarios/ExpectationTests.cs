using KafkaChaos.Checkers;
using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

public sealed class ExpectationTests
{
    private static readonly Dictionary<string, long> NoErrors = [];

    [Test]
    public void Reports_expected_and_observed_per_condition()
    {
        var expectation = new Expectation
        {
            Counts = [new("ackedLost", Condition.Parse("== 100")), new("silentlyLost", Condition.Parse("== 0"))],
            Errors = [new("NOT_ENOUGH_REPLICAS", Condition.Parse("> 0"))],
        };
        var results = expectation.Evaluate(new CheckCounts { AckedLost = 97 }, new Dictionary<string, long> { ["NOT_ENOUGH_REPLICAS"] = 4 }, KafkaVersion.Parse("0.9.0.1"));

        Assert.That(results.Select(r => (r.Expected, r.Observed, r.Passed)), Is.EqualTo(new[]
        {
            ("ackedLost == 100", 97L, false),
            ("silentlyLost == 0", 0L, true),
            ("errors.NOT_ENOUGH_REPLICAS > 0", 4L, true),
        }));
        Assert.That(results[0].ToString(), Is.EqualTo("ackedLost == 100 (observed 97) FAILED"));
    }

    [Test]
    public void Missing_error_codes_count_as_zero_and_any_sums_all()
    {
        var expectation = new Expectation { Errors = [new("MSG_SIZE_TOO_LARGE", Condition.Parse("== 0")), new("any", Condition.Parse("== 7"))] };
        var results = expectation.Evaluate(new CheckCounts(), new Dictionary<string, long> { ["A"] = 3, ["B"] = 4 }, KafkaVersion.Parse("3.7.0"));
        Assert.That(results.All(r => r.Passed), Is.True);
    }

    [Test]
    public void Blocks_apply_by_version()
    {
        Expectation[] blocks =
        [
            new() { Kafka = KafkaVersionRange.Parse("<0.11"), Counts = [new("ackedLost", Condition.Parse("> 0"))] },
            new() { Kafka = KafkaVersionRange.Parse(">=0.11"), Counts = [new("ackedLost", Condition.Parse("== 0"))] },
        ];
        var counts = new CheckCounts { AckedLost = 5 };
        Assert.That(ExpectationVerdict.Evaluate(blocks, counts, NoErrors, KafkaVersion.Parse("0.9.0.1")).Passed, Is.True);
        Assert.That(ExpectationVerdict.Evaluate(blocks, counts, NoErrors, KafkaVersion.Parse("3.7.0")).Passed, Is.False);
    }

    [Test]
    public void Nothing_to_check_never_passes()
    {
        Expectation[] blocks = [new() { Kafka = KafkaVersionRange.Parse(">=3.0"), Counts = [new("ackedLost", Condition.Parse("== 0"))] }];
        var verdict = ExpectationVerdict.Evaluate(blocks, new CheckCounts(), NoErrors, KafkaVersion.Parse("0.9.0.1"));
        Assert.That(verdict.Passed, Is.False);
        Assert.That(verdict.Describe(), Does.Contain("no expectation applies"));
    }

    [Test]
    public void Every_count_name_is_readable() =>
        Assert.That(CountNames.All, Is.EqualTo(new[]
        {
            "sent", "acked", "failed", "indeterminate", "ackedLost", "unackedPresent", "silentlyLost", "unprocessed",
            "duplicatesInLog", "duplicateProcessing", "reordered", "unexpected",
        }));
}
