using System.CommandLine;
using KafkaChaos.Cluster;

namespace KafkaChaos.Cli;

/// <summary>
/// <c>chaos cluster</c>: starts a cluster, prints its bootstrap servers, and keeps it up until Ctrl-C or SIGTERM,
/// for exploring by hand (and for the test that SIGKILLs an owner and checks the next start reaps its JVMs).
/// </summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var brokers = new Option<int>("--brokers") { Description = "Number of brokers.", DefaultValueFactory = _ => 3 };
        var command = new Command("cluster", "Start a local Kafka cluster and keep it running until interrupted.");
        common.AddTo(command);
        command.Options.Add(brokers);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = common.ClusterOptions(parse) with { Brokers = parse.GetValue(brokers) };
            await using var cluster = await KafkaCluster.StartAsync(options, Console.Error, cancellationToken);
            Console.WriteLine($"ready kafka={cluster.KafkaVersion} backend={cluster.Backend} bootstrap={cluster.BootstrapServers} run={cluster.RunDirectory}");
            foreach (var broker in cluster.Brokers)
                Console.WriteLine($"broker {broker.Id} pid={broker.Pid} listen={broker.Address.Listen} advertised={broker.Address.Advertised}");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("stopping cluster");
            }
            return 0;
        });
        return command;
    }
}
