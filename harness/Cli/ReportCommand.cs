using System.CommandLine;
using KafkaChaos.Reports;

namespace KafkaChaos.Cli;

/// <summary><c>chaos report DIR</c>: re-renders a run directory's reports and prints its summary, optionally against a baseline.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("directory") { Description = "A report directory written by 'chaos run'." };
        var baseline = new Option<string?>("--baseline") { Description = "A previous run's summary.json (or its directory) to compare verdicts with." };
        var command = new Command("report", "Re-render the reports of a run directory and print its summary.") { directory };
        command.Options.Add(baseline);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dir = parse.GetValue(directory)!;
            if (!File.Exists(Path.Combine(dir, "summary.json")))
            {
                Console.Error.WriteLine($"{dir} has no summary.json: not a directory written by 'chaos run'.");
                return 2;
            }
            var run = await ReportReader.ReadRunAsync(dir, cancellationToken);
            var baselineSummary = parse.GetValue(baseline) is { } b ? await ReportReader.ReadSummaryAsync(b, cancellationToken) : null;
            var result = await ReportWriter.WriteAllAsync(run, dir, baselineSummary, cancellationToken);
            Console.WriteLine(await File.ReadAllTextAsync(Path.Combine(dir, "summary.md"), cancellationToken));
            return result.ExitCode;
        });
        return command;
    }
}
