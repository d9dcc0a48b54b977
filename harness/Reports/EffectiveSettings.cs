namespace KafkaChaos.Reports;

/// <summary>The settings actually in force, as the client or broker saw them (config name → value). Defaults empty.</summary>
internal sealed record EffectiveSettings
{
    /// <summary>Broker <c>server.properties</c> entries that matter to the claim.</summary>
    public IReadOnlyDictionary<string, string> Broker { get; init; } = new Dictionary<string, string>();

    /// <summary>Topic configuration (replication factor, partitions, overrides).</summary>
    public IReadOnlyDictionary<string, string> Topic { get; init; } = new Dictionary<string, string>();

    /// <summary>Producer (librdkafka) configuration plus the send mode.</summary>
    public IReadOnlyDictionary<string, string> Producer { get; init; } = new Dictionary<string, string>();

    /// <summary>Consumer (librdkafka) configuration plus the commit mode.</summary>
    public IReadOnlyDictionary<string, string> Consumer { get; init; } = new Dictionary<string, string>();
}
