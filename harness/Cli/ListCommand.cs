using System.CommandLine;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Cli;

/// <summary><c>chaos list</c>: the scenarios, their claim, fault schedule and expected verdict.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var scenarios = new Argument<string[]>("scenarios") { Description = "Scenario files, directories or globs (default: scenarios/).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("list", "List the scenarios with their fault schedule and expected verdict.") { scenarios };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                foreach (var scenario in await ScenarioArguments.LoadAsync(parse.GetValue(scenarios) ?? [], cancellationToken))
                {
                    Console.WriteLine($"{scenario.Claim,-3} {scenario.Name}  [{string.Join(", ", scenario.Categories)}]");
                    Console.WriteLine($"    {scenario.Title}");
                    Console.WriteLine($"    faults: {scenario.DescribeSchedule()}");
                    Console.WriteLine($"    expect: {scenario.DescribeExpectations()}");
                }
                return 0;
            }
            catch (ScenarioLoadException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }
        });
        return command;
    }
}
