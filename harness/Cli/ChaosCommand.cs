using System.CommandLine;

namespace KafkaChaos.Cli;

/// <summary>The <c>chaos</c> command line: one subcommand per verb.</summary>
internal static class ChaosCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        // The tool owns its process: Ctrl-C or a SIGTERM of the tool also kills the JVMs it started.
        KafkaChaos.Cluster.OrphanGuard.InstallSignalHandlers();
        var root = new RootCommand("kafka-chaos: prove or refute claims about Kafka message loss and duplication against a real cluster.")
        {
            RunCommand.Create(),
            ListCommand.Create(),
            ReportCommand.Create(),
            DoctorCommand.Create(),
            ClusterCommand.Create(),
            ProxyServerCommand.Create(),
            WorkerCommand.Create(),
            AuditCommand.Create(),
            SoakCommand.Create(),
        };
        return await root.Parse(args).InvokeAsync();
    }
}
