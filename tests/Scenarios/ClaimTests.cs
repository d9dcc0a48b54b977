using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Scenarios.Running;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

/// <summary>
/// One test per scenario file under scenarios/: the claim runs against a real cluster and its verdict must match
/// the expectation, judged by the same <see cref="ScenarioSuite"/> as <c>chaos run</c> (a comparison runs its sibling
/// first when it has not run yet). One runner (and so one cluster, while it stays healthy) serves the whole fixture. Filter with
/// the scenario's categories, e.g. <c>dotnet test --filter "Category=consumer"</c> or <c>--filter Name~b2</c>.
/// </summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class ClaimTests
{
    private static readonly string ScenarioDirectory = FindScenarioDirectory();
    private static readonly string OutputDirectory = Path.Combine(AppContext.BaseDirectory, "chaos-reports");
    private ScenarioRunner _runner = null!;
    private ScenarioSuite _suite = null!;

    public static IEnumerable<TestCaseData> Scenarios()
    {
        var catalog = ScenarioCatalog.LoadAsync(ScenarioDirectory).GetAwaiter().GetResult();
        foreach (var scenario in catalog.Scenarios)
        {
            var data = new TestCaseData(scenario.Name).SetName(scenario.Name).SetDescription($"{scenario.Claim}: {scenario.Title}");
            foreach (var category in scenario.Categories) data.SetCategory(category);
            yield return data;
        }
    }

    [OneTimeSetUp]
    public void CreateRunner()
    {
        var options = new RunnerOptions
        {
            OutputDirectory = OutputDirectory,
            Log = TestLog.Progress,
            Progress = p => { if (p.Phase != "faultWindow") TestLog.Progress.WriteLine(p); },
        };
        _runner = new ScenarioRunner(options);
        _suite = new ScenarioSuite(_runner, options);
    }

    [OneTimeTearDown]
    public async Task DisposeRunnerAsync()
    {
        if (_runner is not null) await _runner.DisposeAsync();
    }

    [TestCaseSource(nameof(Scenarios))]
    public async Task Claim_holds(string name)
    {
        var scenario = await ScenarioLoader.LoadAsync(Path.Combine(ScenarioDirectory, name + ".yaml"));
        var outcome = await _suite.RunAsync(scenario);

        var report = ScenarioReportWriter.PathFor(OutputDirectory, outcome);
        if (File.Exists(report)) TestContext.AddTestAttachment(report, $"{scenario.Name} report.json");
        var log = Path.Combine(Path.GetDirectoryName(report)!, "harness.log");
        if (File.Exists(log)) TestContext.AddTestAttachment(log, $"{scenario.Name} harness.log");
        TestContext.Out.WriteLine($"{scenario.Claim} {scenario.Name}: {outcome.Verdict}, kafka {outcome.KafkaVersion}, seed {outcome.Seed}, {outcome.DurationMs} ms");
        foreach (var condition in outcome.Expected) TestContext.Out.WriteLine($"  {(condition.Passed ? "ok  " : "FAIL")} {condition}");

        if (outcome.Verdict == Verdict.NotApplicable)
            Assert.Ignore($"not applicable on Kafka {outcome.KafkaVersion}: {outcome.NotApplicableReason}");
        Assert.That(outcome.Error, Is.Null, "the run broke or its evidence is missing");
        Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Passed), FailureMessage(outcome));
    }

    private static string FailureMessage(ScenarioOutcome outcome)
    {
        var lines = new List<string> { $"{outcome.Claim} ({outcome.Title}) did not hold on Kafka {outcome.KafkaVersion}:" };
        lines.AddRange(outcome.FailedConditions.Select(c => $"  expected {c}"));
        foreach (var finding in outcome.Findings.Where(f => f.Count > 0))
            lines.Add($"  {finding.Kind}: {finding.Count} (e.g. {string.Join("; ", finding.Examples.Take(5))})");
        return string.Join('\n', lines);
    }

    private static string FindScenarioDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scenarios");
            if (File.Exists(Path.Combine(candidate, "scenario.schema.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("scenarios/ not found above " + AppContext.BaseDirectory);
    }
}
