using KafkaChaos.Checkers;
using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

internal sealed class ExpectationTests
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

    [Test]
    public void Unverifiable_ids_leave_a_loss_condition_undecided_never_passed()
    {
        Expectation[] blocks = [new() { Counts = [new("ackedLost", Condition.Parse("== 0")), new("acked", Condition.Parse("> 0"))] }];
        var counts = new CheckCounts { Acked = 500 };
        var findings = new Dictionary<string, long> { ["unverifiable"] = 12 };
        var verdict = ExpectationVerdict.Evaluate(blocks, counts, NoErrors, KafkaVersion.Parse("0.9.0.1"), findings);
        Assert.That(verdict.Passed, Is.False);
        Assert.That(verdict.Inconclusive, Is.True);
        Assert.That(verdict.Results[0].Inconclusive, Is.True);
        Assert.That(verdict.Results[1].Inconclusive, Is.False, "a count that is not a loss is decided");
        Assert.That(verdict.Results[0].ToString(), Does.Contain("INCONCLUSIVE: 12 unverifiable"));
    }

    [Test]
    public void Unverifiable_ids_that_cannot_change_the_answer_decide_it()
    {
        // ackedLost > 0 with 3 certainly lost holds whatever the unverifiable ones are; == 0 with 3 lost fails for certain.
        var counts = new CheckCounts { AckedLost = 3 };
        var findings = new Dictionary<string, long> { ["unverifiable"] = 5 };
        var holds = ExpectationVerdict.Evaluate([new Expectation { Counts = [new("ackedLost", Condition.Parse("> 0"))] }], counts, NoErrors, KafkaVersion.Parse("3.7"), findings);
        var fails = ExpectationVerdict.Evaluate([new Expectation { Counts = [new("ackedLost", Condition.Parse("== 0"))] }], counts, NoErrors, KafkaVersion.Parse("3.7"), findings);
        var range = ExpectationVerdict.Evaluate([new Expectation { Counts = [new("ackedLost", Condition.Parse("== 5"))] }], counts, NoErrors, KafkaVersion.Parse("3.7"), findings);
        Assert.That((holds.Passed, holds.Inconclusive), Is.EqualTo((true, false)));
        Assert.That((fails.Passed, fails.Inconclusive), Is.EqualTo((false, false)));
        Assert.That((range.Passed, range.Inconclusive), Is.EqualTo((false, true)), "3..8 contains 5 and other values");
    }
}
