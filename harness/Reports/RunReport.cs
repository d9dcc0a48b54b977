namespace KafkaChaos.Reports;

/// <summary>One run of the suite: the input of every writer.</summary>
internal sealed record RunReport
{
    /// <summary>The Kafka version of the cluster, e.g. <c>0.9.0.1</c>.</summary>
    public required string KafkaVersion { get; init; }

    /// <summary>What ran the cluster: backend and distribution, or image and image id
    /// (<see cref="Cluster.ClusterBackendInfo"/>); empty when no cluster started.</summary>
    public string Cluster { get; init; } = "";

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall-clock duration of the whole run. Default: the sum of the scenarios' durations.</summary>
    public long? DurationMs { get; init; }

    /// <summary>The scenarios' outcomes in run order.</summary>
    public required IReadOnlyList<ScenarioOutcome> Outcomes { get; init; }

    /// <summary>The runner's capabilities (fault kinds it can inject and extras such as <c>pageCacheLoss</c>). Default empty.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>The comparison with a baseline run, when one was given. Default null.</summary>
    public BaselineComparison? Baseline { get; init; }
}
