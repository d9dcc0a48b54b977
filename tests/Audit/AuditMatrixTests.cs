using KafkaChaos.Audit;
using KafkaChaos.Audit.Reports;
using NUnit.Framework;

namespace KafkaChaos.Tests.Audit;

internal sealed class AuditMatrixTests
{
    [Test]
    public void Acks1_is_predicted_to_lose_under_slow_followers_and_leader_kill_and_acks_all_minisr2_not()
    {
        Assert.That(ClaimPredictions.Predict("slow-followers-leader-kill", Guarantee.AckedLoss, AuditSamples.Acks1()),
            Is.EqualTo(new Prediction(PredictionKind.Expected, "B2", "acks=1: the leader acknowledged records no follower had when it died")));
        Assert.That(ClaimPredictions.Predict("slow-followers-leader-kill", Guarantee.AckedLoss, AuditSamples.Safe()).Kind, Is.EqualTo(PredictionKind.Zero));
        Assert.That(ClaimPredictions.Predict("network-cut-after-append", Guarantee.DuplicatesInLog, AuditSamples.Safe()).Claim, Is.EqualTo("D1"));
        Assert.That(ClaimPredictions.Predict("consumer-crash-before-commit", Guarantee.Unprocessed, AuditSamples.Acks1()).Claim, Is.EqualTo("C1"));
        Assert.That(ClaimPredictions.Predict("network-cut-after-append", Guarantee.Reordered, AuditSamples.Safe()).Kind, Is.EqualTo(PredictionKind.Zero), "one in flight keeps order");
    }

    [Test]
    public void A_measurement_against_the_prediction_is_a_contradiction_either_way()
    {
        var predictedLoss = AuditSamples.Row("slow-followers-leader-kill", AuditSamples.Acks1());
        var predictedNone = AuditSamples.Row("slow-followers-leader-kill", AuditSamples.Safe(), (Guarantee.AckedLoss, 3));
        Assert.That(predictedLoss.Cell(Guarantee.AckedLoss).Contradiction, Is.True, "B2 predicts loss; none measured");
        Assert.That(predictedNone.Cell(Guarantee.AckedLoss).Contradiction, Is.True, "B3 predicts none; 3 measured");
        Assert.That(AuditSamples.Row("leader-kill", AuditSamples.Acks1()).Cell(Guarantee.AckedLoss).Contradiction, Is.False, "'may' is no contradiction");
    }

    [Test]
    public void The_markdown_matrix_shows_counts_predictions_and_highlights_contradictions()
    {
        var audit = AuditSamples.Audit(AuditSamples.Acks1(), AuditSamples.Row("slow-followers-leader-kill", AuditSamples.Acks1(), (Guarantee.AckedLoss, 117)),
            AuditSamples.Row("network-cut-after-append", AuditSamples.Acks1()));
        var table = AuditMarkdownWriter.Matrix(audit).Split('\n');
        Assert.That(table[0], Is.EqualTo("| fault | acked loss | silent loss | duplicates in log | duplicate processing | unprocessed | reordered | failed sends | ack p50/p99 ms |"));
        Assert.That(table[2], Does.StartWith("| slow-followers-leader-kill | 117 (>0 (B2)) | 0 (0 (P2)) |"));
        Assert.That(table[3], Does.Contain("| ⚠ **0** (>0 (D1)) |"), "D1 predicts duplicates on a cut after append; none measured is a finding");
        Assert.That(table[2], Does.EndWith("| 4/12 |"));
    }

    [Test]
    public void Not_measured_not_applicable_and_inconclusive_cells_are_never_shown_as_counts()
    {
        var configuration = AuditSamples.Acks1();
        var row = AuditSamples.Row("leader-kill", configuration) with
        {
            State = CellState.Inconclusive, Reason = "fault kill-leader never fired",
            Cells = Guarantees.All.Select(g => new MatrixCell(g, CellState.Inconclusive, 0, [], Prediction.None)).ToList(),
        };
        var md = AuditMarkdownWriter.Matrix(AuditSamples.Audit(configuration, row));
        Assert.That(md, Does.Contain("| leader-kill | ? | ? |"));
        var junit = AuditJUnitWriter.Render(new AuditReport { Configurations = [AuditSamples.Audit(configuration, row)] }, AuditVerdict.Of(new AuditReport { Configurations = [AuditSamples.Audit(configuration, row)] }, null, null, []));
        Assert.That(junit, Does.Contain("errors=\"7\"").And.Contain("no evidence: fault kill-leader never fired"));
    }
}
