using KafkaChaos.Checkers;
using KafkaChaos.Reports;
using NUnit.Framework;

namespace KafkaChaos.Tests.Reports;

internal sealed class BaselineDiffTests
{
    private static RunSummary Summary(params ScenarioOutcome[] outcomes) => RunSummary.From(SampleRuns.Run(outcomes));

    [Test]
    public void Identical_runs_have_no_changes() =>
        Assert.That(BaselineDiff.Compare(Summary(), Summary()).Changes, Is.Empty);

    [Test]
    public void Different_numbers_of_the_same_class_are_not_a_change()
    {
        var baseline = Summary(SampleRuns.Passed());
        var now = Summary(SampleRuns.Passed() with { Counts = SampleRuns.Passed().Counts with { AckedLost = 97, Sent = 601 } });
        Assert.That(BaselineDiff.Compare(now, baseline).HasRegressions, Is.False);
    }

    [Test]
    public void A_count_going_from_zero_to_non_zero_is_a_regression()
    {
        var baseline = Summary(SampleRuns.Passed());
        var now = Summary(SampleRuns.Passed() with { Counts = SampleRuns.Passed().Counts with { DuplicatesInLog = 4 } });
        var diff = BaselineDiff.Compare(now, baseline);
        Assert.That(diff.Changes, Is.EqualTo(new[] { new BaselineChange("b2-acks1-leader-kill", "B2", "counts.duplicatesInLog", "0", ">0 (4)", true) }));
        Assert.That(diff.HasRegressions, Is.True);
    }

    [Test]
    public void A_changed_verdict_is_a_regression_either_way()
    {
        var passed = Summary(SampleRuns.Passed());
        var failed = Summary(SampleRuns.Passed() with { Passed = false });
        Assert.That(BaselineDiff.Compare(failed, passed).Changes.Single(), Is.EqualTo(new BaselineChange("b2-acks1-leader-kill", "B2", "verdict", "passed", "failed", true)));
        Assert.That(BaselineDiff.Compare(passed, failed).Changes.Single().After, Is.EqualTo("passed"));
    }

    [Test]
    public void Applicability_changes_are_verdict_changes_and_skip_count_classes()
    {
        var ran = Summary(SampleRuns.Passed());
        var skipped = Summary(SampleRuns.Passed() with { Applicable = false, NotApplicableReason = "r", Counts = new CheckCounts() });
        var changes = BaselineDiff.Compare(skipped, ran).Changes;
        Assert.That(changes.Select(c => (c.Aspect, c.Before, c.After)), Is.EqualTo(new[] { ("verdict", "passed", "notApplicable") }));
    }

    [Test]
    public void Missing_scenarios_regress_and_new_ones_are_noted()
    {
        var baseline = Summary(SampleRuns.Passed(), SampleRuns.Failed());
        var now = Summary(SampleRuns.Passed(), SampleRuns.NotApplicable());
        var changes = BaselineDiff.Compare(now, baseline).Changes;
        Assert.That(changes.Select(c => (c.Scenario, c.After, c.IsRegression)), Is.EquivalentTo(new[]
        {
            ("b3-acks-all-minisr2", "absent", true),
            ("d2-idempotent-no-duplicates", "notApplicable", false),
        }));
    }

    [Test]
    public async Task Write_all_with_a_baseline_reports_the_regression_and_flags_it()
    {
        var dir = Directory.CreateTempSubdirectory("chaos-baseline-");
        try
        {
            await ReportWriter.WriteAllAsync(SampleRuns.Run(SampleRuns.Passed()), Path.Combine(dir.FullName, "base"));
            var baseline = await ReportReader.ReadSummaryAsync(Path.Combine(dir.FullName, "base"));
            var now = SampleRuns.Run(SampleRuns.Passed() with { Counts = SampleRuns.Passed().Counts with { AckedLost = 0 }, Passed = false });
            var result = await ReportWriter.WriteAllAsync(now, Path.Combine(dir.FullName, "now"), baseline);

            Assert.That(result.HasRegressions, Is.True);
            Assert.That(result.ExitCode, Is.EqualTo(1), "a failed claim outranks the regression");
            var md = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "now", "summary.md"));
            Assert.That(md, Does.Contain(MarkdownSummaryWriter.RegressionHeading));
            Assert.That(md, Does.Contain("| B2 | b2-acks1-leader-kill | verdict | passed | failed |"));
            Assert.That(md, Does.Contain("| B2 | b2-acks1-leader-kill | counts.ackedLost | >0 (100) | 0 |"));
            var summary = await ReportReader.ReadSummaryAsync(Path.Combine(dir.FullName, "now"));
            Assert.That(summary.Baseline!.Changes, Has.Count.EqualTo(2));
            Assert.That(summary.Baseline.HasRegressions, Is.True);
            Assert.That(await File.ReadAllTextAsync(Path.Combine(dir.FullName, "now", "report.html")), Does.Contain("Configuration regression"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void Only_a_regression_exits_with_two()
    {
        var result = new ReportResult(new RunTotals(1, 1, 0, 0, 0), HasRegressions: true, []);
        Assert.That(result.ExitCode, Is.EqualTo(2));
    }
}
