using KafkaChaos.Cluster;
using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Scenarios.Running;
using KafkaChaos.Tests.Scenarios;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster.Docker;

/// <summary>
/// Claim scenarios on the Docker backend reach the same expected verdicts as on processes (B2 leader kill, C1
/// auto-commit loss, D1 retry duplicates). Every claim test runs on Docker with KAFKA_CHAOS_BACKEND=docker; these
/// run there always.
/// </summary>
[TestFixture, Category("Integration"), Category("Docker"), NonParallelizable]
internal sealed class DockerClaimTests
{
    private static readonly string OutputDirectory = Path.Combine(AppContext.BaseDirectory, "chaos-reports-docker");
    private ScenarioRunner _runner = null!;

    [OneTimeSetUp]
    public async Task CreateRunnerAsync()
    {
        (await DockerDaemon.RequireAsync()).Dispose();
        _runner = new ScenarioRunner(new RunnerOptions
        {
            Cluster = DockerDaemon.Options,
            OutputDirectory = OutputDirectory,
            Log = TestLog.Progress,
            Progress = p => { if (p.Phase != "faultWindow") TestLog.Progress.WriteLine(p); },
        });
    }

    [OneTimeTearDown]
    public async Task DisposeRunnerAsync()
    {
        if (_runner is not null) await _runner.DisposeAsync();
    }

    [TestCase("b2-acks1-leader-kill")]
    [TestCase("c1-auto-commit-loss")]
    [TestCase("d1-retry-duplicates")]
    public async Task Claim_reaches_its_expected_verdict_on_docker(string name)
    {
        var scenario = await ScenarioLoader.LoadAsync(Path.Combine(ScenarioFiles.Directory, name + ".yaml"));
        var outcome = await _runner.RunAsync(scenario);

        var report = ScenarioReportWriter.PathFor(OutputDirectory, outcome);
        if (File.Exists(report)) TestContext.AddTestAttachment(report, $"{scenario.Name} report.json (docker)");
        TestContext.Out.WriteLine($"{scenario.Claim} {scenario.Name} on docker: {outcome.Verdict}, kafka {outcome.KafkaVersion}, {outcome.DurationMs} ms");
        foreach (var condition in outcome.Expected) TestContext.Out.WriteLine($"  {(condition.Passed ? "ok  " : "FAIL")} {condition}");

        Assert.That(outcome.Verdict, Is.Not.EqualTo(Verdict.NotApplicable), outcome.NotApplicableReason);
        Assert.That(outcome.Error, Is.Null, "the run broke");
        Assert.That(outcome.Passed, Is.True, string.Join('\n', outcome.FailedConditions.Select(c => $"expected {c.Expected}, observed {c.Observed}")));
    }
}
