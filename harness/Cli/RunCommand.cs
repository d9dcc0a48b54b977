using System.CommandLine;
using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Scenarios.Running;

namespace KafkaChaos.Cli;

/// <summary>
/// <c>chaos run</c>: runs scenarios against a real cluster and writes the reports. Exit code 0 when every verdict
/// matched its expectation (and, with --baseline, no verdict changed); 1 when one did not; 2 on bad input.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var scenarios = new Argument<string[]>("scenarios") { Description = "Scenario files, names, directories or globs (default: scenarios/).", Arity = ArgumentArity.ZeroOrMore };
        var repeat = new Option<int>("--repeat") { Description = "Run every scenario N times (determinism check).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Report directory.", DefaultValueFactory = _ => "chaos-reports" };
        var baseline = new Option<string?>("--baseline") { Description = "A previous run's summary.json (or its directory): fail on a changed verdict." };
        var verbose = new Option<bool>("--verbose") { Description = "Print the harness log (cluster, proxy, faults, client logs); each scenario's is in <out>/<scenario>/harness.log anyway." };
        var command = new Command("run", "Run scenarios against a real Kafka cluster and report the verdicts.") { scenarios };
        common.AddTo(command);
        command.Options.Add(repeat);
        command.Options.Add(output);
        command.Options.Add(baseline);
        command.Options.Add(verbose);
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<Scenario> selected;
            RunSummary? baselineSummary = null;
            var times = parse.GetValue(repeat);
            try
            {
                if (times < 1) throw new ArgumentException("--repeat must be at least 1.");
                selected = await ScenarioArguments.LoadAsync(parse.GetValue(scenarios) ?? [], cancellationToken);
                if (selected.Count == 0) throw new ArgumentException("No scenario matched.");
                if (parse.GetValue(baseline) is { } b) baselineSummary = await ReportReader.ReadSummaryAsync(b, cancellationToken);
            }
            catch (Exception ex) when (ex is ScenarioLoadException or ArgumentException or IOException)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }

            var outputRoot = Path.GetFullPath(parse.GetValue(output)!);
            var exitCode = 0;
            var determinism = new List<(string Scenario, List<Verdict> Verdicts)>();
            foreach (var s in selected) determinism.Add((s.Name, []));
            for (var round = 1; round <= times; round++)
            {
                var roundDirectory = times == 1 ? outputRoot : Path.Combine(outputRoot, $"run-{round}");
                var options = new RunnerOptions
                {
                    Cluster = common.ClusterOptions(parse),
                    OutputDirectory = roundDirectory,
                    Log = parse.GetValue(verbose) ? Console.Error : TextWriter.Null,
                    Progress = progress => Console.Error.WriteLine($"  {progress}"),
                };
                var started = DateTimeOffset.UtcNow;
                var outcomes = new List<ScenarioOutcome>();
                await using (var runner = new ScenarioRunner(options))
                {
                    foreach (var scenario in selected)
                    {
                        Console.WriteLine($"== {scenario.Name} ({scenario.Claim}){(times > 1 ? $" round {round}/{times}" : "")}");
                        var outcome = await runner.RunAsync(scenario, cancellationToken);
                        outcomes.Add(outcome);
                        determinism.Single(d => d.Scenario == scenario.Name).Verdicts.Add(outcome.Verdict);
                        Console.WriteLine($"   {outcome.Verdict} in {outcome.DurationMs / 1000.0:0.0}s: {Describe(outcome)}");
                    }
                    var version = runner.KafkaVersion?.ToString() ?? "unknown";
                    var run = new RunReport
                    {
                        KafkaVersion = version,
                        StartedAt = started,
                        DurationMs = (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds,
                        Outcomes = ComparisonResult.Apply(outcomes, selected),
                        Capabilities = ScenarioRunner.Capabilities.Order().ToList(),
                    };
                    var result = await ReportWriter.WriteAllAsync(run, roundDirectory, baselineSummary, cancellationToken);
                    exitCode = Math.Max(exitCode, result.ExitCode);
                    Console.WriteLine($"reports: {roundDirectory} (summary.md, report.html, junit.xml)");
                }
            }

            if (times > 1)
            {
                Console.WriteLine("determinism:");
                foreach (var (scenario, verdicts) in determinism)
                {
                    var tally = verdicts.All(v => v == Verdict.NotApplicable) ? "not applicable" : $"{verdicts.Count(v => v == Verdict.Passed)}/{verdicts.Count} passed";
                    Console.WriteLine($"  {scenario,-40} {string.Join(' ', verdicts.Select(v => v.ToString()[0]))}  {tally}");
                }
            }
            return exitCode;
        });
        return command;
    }

    private static string Describe(ScenarioOutcome outcome) => outcome.Verdict switch
    {
        Verdict.NotApplicable => outcome.NotApplicableReason ?? "not applicable",
        Verdict.Error => outcome.Error ?? "error",
        _ => string.Join("; ", outcome.Expected.Select(e => e.ToString())),
    };
}
