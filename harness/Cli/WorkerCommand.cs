using System.CommandLine;
using KafkaChaos.Workload;

namespace KafkaChaos.Cli;

/// <summary>
/// <c>chaos worker --spec FILE</c> (hidden): runs one producer or consumer worker as a child process of a
/// scenario run, so a fault can SIGKILL it. Speaks JSON lines on stdout, reads commands on stdin, and kills
/// itself when stdin closes (its parent died).
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var spec = new Option<FileInfo>("--spec") { Description = "The worker spec (JSON) written by the parent.", Required = true };
        var command = new Command("worker", "Run one workload worker as a child process (internal).") { Hidden = true };
        command.Options.Add(spec);
        command.SetAction(async (parse, cancellationToken) =>
            await WorkerHost.RunAsync(parse.GetValue(spec)!.FullName, Console.In, Console.Out, cancellationToken));
        return command;
    }
}
