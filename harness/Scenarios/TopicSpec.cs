namespace KafkaChaos.Scenarios;

/// <summary>The scenario's topic.</summary>
internal sealed record TopicSpec
{
    /// <summary>Topic name. Default <c>chaos-&lt;scenario name&gt;</c> (set by the loader).</summary>
    public string? Name { get; init; }

    /// <summary>Partition count. Default 1.</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Topic-level configs (e.g. <c>max.message.bytes</c>). Default empty.</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = Empty.Map;
}
