using KafkaChaos.Cluster;

namespace KafkaChaos.Workload;

/// <summary>Where and as whom a worker runs.</summary>
/// <param name="Clients">The cluster's client settings (bootstrap servers, version-specific settings).</param>
/// <param name="Topic">The topic to produce to or consume from.</param>
/// <param name="RunDirectory">The run directory: history streams, dead-letter and dedupe stores, child specs and logs.</param>
/// <param name="Index">
/// The worker's index: a producer's id in every <see cref="History.MessageId"/> it sends (give each producer incarnation
/// a distinct index) and its stream <c>producer-{index}</c>; a consumer writes <c>consumer-{index}-{incarnation}</c>.
/// </param>
/// <param name="TimeProvider">Clock for pacing, processing time and history timestamps (a child uses the system clock).</param>
/// <param name="Seed">Seed of the worker's <see cref="Random"/>; the runner prints it. The current profiles draw nothing random (keys are deterministic), so it is carried for replay and future randomized behaviour.</param>
internal sealed record WorkerContext(ClientSettings Clients, string Topic, string RunDirectory, int Index, TimeProvider TimeProvider, int Seed)
{
    /// <summary>Where the worker pauses until resumed; null = never. Default null.</summary>
    public WorkerPause? PauseAt { get; init; }
}
