using KafkaChaos.Audit;
using KafkaChaos.Provisioning;
using KafkaChaos.Scenarios.Running;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Audit;

/// <summary>
/// One real audit: the README's two example configurations under slow followers then a leader kill, on a real
/// cluster. acks=1 on librdkafka's defaults loses acknowledged records (B2); acks=all with min.insync.replicas=2 and
/// commit after processing loses none (B3); the diff names the guarantee and fails.
/// </summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class AuditIntegrationTests
{
    [Test]
    public async Task Acks1_loses_acknowledged_records_under_slow_followers_and_leader_kill_and_the_safe_configuration_does_not()
    {
        LibrdkafkaLocator.EnsureLoaded(null);
        var battery = AuditBattery.DefaultDirectory(AppContext.BaseDirectory);
        var examples = Path.Combine(battery, "examples");
        var acks1 = AuditConfiguration.Create("audit", Path.Combine(examples, "acks1-producer.properties"), Path.Combine(examples, "acks1-consumer.properties"),
            TopicSettings.Load(null, null, null, null), AppPattern.Parse(null, null, false));
        var safe = AuditConfiguration.Create("compare", Path.Combine(examples, "safe-appsettings.json") + "#Kafka:Producer", Path.Combine(examples, "safe-appsettings.json") + "#Kafka:Consumer",
            TopicSettings.Load(Path.Combine(examples, "safe-topic.properties"), null, null, null), AppPattern.Parse(null, "after-processing", false));
        var templates = await AuditBattery.LoadAsync(battery, ["slow-followers-leader-kill"]);
        var output = Directory.CreateTempSubdirectory("kchaos-audit-").FullName;
        try
        {
            var runner = new AuditRunner(new RunnerOptions { OutputDirectory = output, Log = TestLog.Progress }, TestLog.Progress.WriteLine);
            var report = await runner.RunAsync(templates, [acks1, safe], null, CancellationToken.None);

            var lossy = report.Configurations[0].Rows.Single();
            var kept = report.Configurations[1].Rows.Single();
            TestContext.Out.WriteLine(KafkaChaos.Audit.Reports.AuditMarkdownWriter.Matrix(report.Configurations[0]));
            TestContext.Out.WriteLine(KafkaChaos.Audit.Reports.AuditMarkdownWriter.Matrix(report.Configurations[1]));
            Assert.That(lossy.State, Is.EqualTo(CellState.Measured), lossy.Reason);
            Assert.That(kept.State, Is.EqualTo(CellState.Measured), kept.Reason);
            Assert.That(lossy.Cell(Guarantee.AckedLoss).Count, Is.GreaterThan(0), "acks=1: the dead leader's acknowledged records are gone");
            Assert.That(lossy.Cell(Guarantee.AckedLoss).Examples, Is.Not.Empty);
            Assert.That(kept.Cell(Guarantee.AckedLoss).Count, Is.Zero, "acks=all, min.insync.replicas=2: nothing acknowledged is lost");
            var verdict = AuditVerdict.Of(report, report.Configurations[1], "compare", []);
            Assert.That(verdict.Lost.Select(l => (l.Fault, l.Guarantee)), Does.Contain(("slow-followers-leader-kill", Guarantee.AckedLoss)));
            Assert.That(verdict.ExitCode, Is.EqualTo(1));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
