using KafkaChaos.Reports;

namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// A whole <c>chaos run</c>: the selected scenarios through a <see cref="ScenarioSuite"/> per round (one round, or N for a
/// determinism check, each in <c>run-N/</c>), the reports of each round, and the determinism tally. Prints progress
/// lines to <see cref="Output"/>.
/// </summary>
internal sealed class SuiteRounds
{
    /// <summary>The scenarios, in order.</summary>
    public required IReadOnlyList<Scenario> Scenarios { get; init; }

    /// <summary>How many rounds. Default 1.</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>The report directory (a round's is <c>run-N/</c> below it when there are several).</summary>
    public required string OutputRoot { get; init; }

    /// <summary>The runner options for a round, given its report directory.</summary>
    public required Func<string, RunnerOptions> OptionsFor { get; init; }

    /// <summary>A previous run's summary to compare verdicts with. Default null.</summary>
    public RunSummary? Baseline { get; init; }

    /// <summary>Where the one-line-per-scenario progress goes. Default <see cref="TextWriter.Null"/>.</summary>
    public TextWriter Output { get; init; } = TextWriter.Null;

    /// <summary>Runs every round and writes its reports; the exit code is the worst round's (<see cref="ReportResult.ExitCode"/>).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        if (Rounds < 1) throw new ArgumentOutOfRangeException(nameof(Rounds), Rounds, "at least 1");
        var exitCode = 0;
        var verdicts = new Dictionary<string, List<Verdict>>(StringComparer.Ordinal);
        for (var round = 1; round <= Rounds; round++)
        {
            var directory = Rounds == 1 ? OutputRoot : Path.Combine(OutputRoot, $"run-{round}");
            var options = OptionsFor(directory);
            var started = options.TimeProvider.GetUtcNow();
            var label = Rounds > 1 ? $" round {round}/{Rounds}" : "";
            await using var runner = new ScenarioRunner(options);
            var suite = new ScenarioSuite(runner, options)
            {
                Completed = (scenario, outcome) =>
                {
                    Output.WriteLine($"== {scenario.Name} ({scenario.Claim}){label}");
                    Output.WriteLine($"   {outcome.Verdict} in {outcome.DurationMs / 1000.0:0.0}s: {Describe(outcome)}");
                },
            };
            foreach (var scenario in Scenarios)
            {
                Output.WriteLine($"-> {scenario.Name}{label}");
                await suite.RunAsync(scenario, cancellationToken);
            }
            foreach (var outcome in suite.Outcomes)
            {
                if (!verdicts.TryGetValue(outcome.Scenario, out var list)) verdicts[outcome.Scenario] = list = [];
                list.Add(outcome.Verdict);
            }
            var result = await ReportWriter.WriteAllAsync(suite.Report(started), directory, Baseline, cancellationToken);
            exitCode = Math.Max(exitCode, result.ExitCode);
            Output.WriteLine($"reports: {directory} (summary.md, report.html, junit.xml)");
        }

        if (Rounds > 1)
        {
            Output.WriteLine("determinism:");
            foreach (var (scenario, list) in verdicts)
            {
                var tally = list.All(v => v == Verdict.NotApplicable) ? "not applicable" : $"{list.Count(v => v == Verdict.Passed)}/{list.Count} passed";
                Output.WriteLine($"  {scenario,-40} {string.Join(' ', list.Select(v => ScenarioKeys.EnumText(v)[0]))}  {tally}");
            }
        }
        return exitCode;
    }

    /// <summary>One line: why not applicable, the error, or the conditions.</summary>
    public static string Describe(ScenarioOutcome outcome) => outcome.Verdict switch
    {
        Verdict.NotApplicable => outcome.NotApplicableReason ?? "not applicable",
        Verdict.Error => outcome.Error ?? "error",
        _ => string.Join("; ", outcome.Expected.Select(e => e.ToString())),
    };
}
