using KafkaChaos.Cluster;

namespace KafkaChaos.Scenarios.Running;

/// <summary>How the runner starts clusters and where it writes. Immutable; defaults stated per property.</summary>
internal sealed record RunnerOptions
{
    /// <summary>The base cluster options (distribution, cache, tuning); a scenario's broker count and overrides are applied on top.</summary>
    public ClusterOptions Cluster { get; init; } = new();

    /// <summary>The report directory: <c>&lt;out&gt;/&lt;scenario&gt;/</c> gets report.json and the run's ledger. Default <c>chaos-reports</c>.</summary>
    public string OutputDirectory { get; init; } = "chaos-reports";

    /// <summary>
    /// The run's log (cluster, proxy and fault lines, and clients' librdkafka lines). Each scenario's share is also
    /// written to <c>&lt;out&gt;/&lt;scenario&gt;/harness.log</c> whatever this is. Default: none.
    /// </summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Live progress: called on every phase change and once a second in the fault window. Default: none.</summary>
    public Action<RunProgress>? Progress { get; init; }

    /// <summary>Clock for timings and worker pacing. Default the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
