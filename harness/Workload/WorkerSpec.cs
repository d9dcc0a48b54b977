using System.Text.Json;
using System.Text.Json.Serialization;
using KafkaChaos.Cluster;
using KafkaChaos.Provisioning;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Workload;

/// <summary>What a child <c>chaos worker --spec FILE</c> process runs: one profile and its context, as JSON.</summary>
internal sealed record WorkerSpec
{
    /// <summary>The producer profile (exactly one of <see cref="Producer"/> and <see cref="Consumer"/> is set).</summary>
    public ProducerProfile? Producer { get; init; }

    /// <summary>The consumer profile.</summary>
    public ConsumerProfile? Consumer { get; init; }

    public required string BootstrapServers { get; init; }

    public required string KafkaVersion { get; init; }

    public required string Topic { get; init; }

    public required string RunDirectory { get; init; }

    public int Index { get; init; }

    public int Seed { get; init; }

    public WorkerPause? PauseAt { get; init; }

    /// <summary>The librdkafka the parent loaded; null = locate it the usual way.</summary>
    public string? LibrdkafkaPath { get; init; }

    /// <summary>The worker's name, as the parent shows it.</summary>
    [JsonIgnore]
    public string Name => Producer is not null ? ProducerWorker.StreamName(Index) : $"consumer-{Index}";

    internal static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    public static WorkerSpec ForProducer(ProducerProfile profile, WorkerContext context) => From(context) with { Producer = profile };

    public static WorkerSpec ForConsumer(ConsumerProfile profile, WorkerContext context) => From(context) with { Consumer = profile };

    /// <summary>The context a child rebuilds from the spec (system clock).</summary>
    public WorkerContext ToContext() =>
        new(new ClientSettings(BootstrapServers, Version.Parse(KafkaVersion)), Topic, RunDirectory, Index, TimeProvider.System, Seed) { PauseAt = PauseAt };

    /// <summary>Single-line JSON, for the child's stdout protocol.</summary>
    internal static JsonSerializerOptions CompactJson { get; } = new(JsonOptions) { WriteIndented = false };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static WorkerSpec FromJson(string json) =>
        JsonSerializer.Deserialize<WorkerSpec>(json, JsonOptions) ?? throw new InvalidDataException("Empty worker spec.");

    private static WorkerSpec From(WorkerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new WorkerSpec
        {
            BootstrapServers = context.Clients.BootstrapServers,
            KafkaVersion = context.Clients.KafkaVersion.ToString(),
            Topic = context.Topic,
            RunDirectory = Path.GetFullPath(context.RunDirectory),
            Index = context.Index,
            Seed = context.Seed,
            PauseAt = context.PauseAt,
            LibrdkafkaPath = LibrdkafkaLocator.LoadedPath,
        };
    }
}
