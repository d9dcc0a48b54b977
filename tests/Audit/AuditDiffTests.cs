using KafkaChaos.Audit;
using KafkaChaos.Audit.Reports;
using NUnit.Framework;

namespace KafkaChaos.Tests.Audit;

internal sealed class AuditDiffTests
{
    private static readonly ConfigurationAudit Acks1 = AuditSamples.Audit(AuditSamples.Acks1(),
        AuditSamples.Row("slow-followers-leader-kill", AuditSamples.Acks1(), (Guarantee.AckedLoss, 117)),
        AuditSamples.Row("network-cut-after-append", AuditSamples.Acks1(), (Guarantee.DuplicatesInLog, 1)));

    private static readonly ConfigurationAudit Safe = AuditSamples.Audit(AuditSamples.Safe(),
        AuditSamples.Row("slow-followers-leader-kill", AuditSamples.Safe()),
        AuditSamples.Row("network-cut-after-append", AuditSamples.Safe(), (Guarantee.DuplicatesInLog, 2)));

    private static AuditReport Report(params ConfigurationAudit[] configurations) => new() { KafkaVersion = "0.9.0.1", Configurations = configurations };

    [Test]
    public void A_guarantee_the_reference_kept_and_the_audited_configuration_lost_fails_the_audit()
    {
        var verdict = AuditVerdict.Of(Report(Acks1, Safe), Safe, "compare", []);
        Assert.That(verdict.Changes, Is.EqualTo(new[] { new AuditChange("slow-followers-leader-kill", Guarantee.AckedLoss, 0, 117) }),
            "duplicates 2 vs 1 are both violations: not a change");
        Assert.That(verdict.ExitCode, Is.EqualTo(1));
        Assert.That(verdict.Summary, Does.Contain("slow-followers-leader-kill: acked loss 0 → 117 (lost)"));
    }

    [Test]
    public void A_gained_guarantee_does_not_fail()
    {
        var verdict = AuditVerdict.Of(Report(Safe, Acks1), Acks1, "baseline", []);
        Assert.That(verdict.Changes.Single().Gained, Is.True);
        Assert.That(verdict.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void The_policy_fails_on_a_violated_required_guarantee_with_examples()
    {
        var required = Guarantees.ParsePolicy("no-acked-loss,no-duplicates");
        Assert.That(required, Is.EqualTo(new[] { Guarantee.AckedLoss, Guarantee.DuplicatesInLog, Guarantee.DuplicateProcessing }));
        var verdict = AuditVerdict.Of(Report(Safe), null, null, required);
        Assert.That(verdict.Violations, Is.EqualTo(new[] { "network-cut-after-append: no-duplicates-in-log violated (2, e.g. p0-17)" }));
        Assert.That(verdict.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void An_unknown_policy_name_is_refused_with_the_nearest() =>
        Assert.That(() => Guarantees.ParsePolicy("no-acked-los"), Throws.TypeOf<AuditInputException>().With.Message.Contains("did you mean 'no-acked-loss'"));

    [Test]
    public void The_markdown_diff_names_the_lost_guarantee_and_the_json_round_trips()
    {
        var report = Report(Acks1, Safe) with { Cluster = "docker (kafka-chaos/kafka:0.9.0.1, sha256:780ceb4a4e45)" };
        var verdict = AuditVerdict.Of(report, Safe, "compare", []);
        var md = AuditMarkdownWriter.Render(report, verdict);
        Assert.That(md, Does.Contain("on docker (kafka-chaos/kafka:0.9.0.1, sha256:780ceb4a4e45)"), "the report names what ran the cluster");
        Assert.That(AuditJson.Parse(AuditJson.Render(report), "audit.json").Cluster, Is.EqualTo(report.Cluster));
        Assert.That(md, Does.Contain("### Diff: compare → audit").And.Contain("- **lost**: slow-followers-leader-kill: acked loss 0 → 117 (lost)").And.Contain("Exit code 1"));
        var back = AuditJson.Parse(AuditJson.Render(report), "audit.json");
        Assert.That(AuditDiff.Compare(back.Configurations[1], back.Configurations[0]), Is.EqualTo(verdict.Changes), "a baseline read back diffs the same");
        Assert.That(back.Configurations[0].Rows[0].Cell(Guarantee.AckedLoss).Prediction, Is.EqualTo(Acks1.Rows[0].Cell(Guarantee.AckedLoss).Prediction));
    }
}
