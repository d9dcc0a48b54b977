using System.CommandLine;
using KafkaChaos.Proxy;

namespace KafkaChaos.Cli;

/// <summary><c>chaos proxy-server</c>: the fault proxy standalone, like toxiproxy-server.</summary>
internal static class ProxyServerCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Control API address.", DefaultValueFactory = _ => ProxyServerOptions.DefaultControlHost };
        var port = new Option<int>("--port") { Description = "Control API port.", DefaultValueFactory = _ => ProxyServerOptions.DefaultControlPort };
        var command = new Command("proxy-server", "Run the Kafka-aware fault proxy with Toxiproxy's HTTP API until interrupted.");
        command.Options.Add(host);
        command.Options.Add(port);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await ProxyServer.RunStandaloneAsync(parse.GetValue(host)!, parse.GetValue(port), Console.Out, cancellationToken);
            return 0;
        });
        return command;
    }
}
