using System.CommandLine;
using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Scenarios.Running;

namespace KafkaChaos.Cli;

/// <summary>
/// <c>chaos run</c>: runs scenarios against a real cluster and writes the reports. Exit code 0 when every verdict
/// matched its expectation (and, with --baseline, no verdict changed); 1 when one did not (failed, error, inconclusive); 2 on bad input.
/// The suite itself (rounds, comparisons, reports) is <see cref="SuiteRounds"/>, shared with the claim tests.
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
            var rounds = new SuiteRounds
            {
                Scenarios = selected,
                Rounds = times,
                OutputRoot = outputRoot,
                Baseline = baselineSummary,
                Output = Console.Out,
                OptionsFor = directory => new RunnerOptions
                {
                    Cluster = common.ClusterOptions(parse),
                    OutputDirectory = directory,
                    Log = parse.GetValue(verbose) ? Console.Error : TextWriter.Null,
                    Progress = progress => Console.Error.WriteLine($"  {progress}"),
                },
            };
            return await rounds.RunAsync(cancellationToken);
        });
        return command;
    }
}
