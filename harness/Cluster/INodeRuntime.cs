using KafkaChaos.Provisioning;

namespace KafkaChaos.Cluster;

/// <summary>
/// A cluster backend: how a node's JVM command line is run (as a local process or in a container). The cluster
/// itself (topology, configuration, readiness, metadata, faults) is the same for every backend. Nodes see the
/// run directory at its host path, so configuration and logs are plain files here either way.
/// </summary>
internal interface INodeRuntime : IAsyncDisposable
{
    ClusterBackendInfo Info { get; }

    Version KafkaVersion { get; }

    /// <summary>The Kafka distribution's directory as the nodes see it.</summary>
    string KafkaHome { get; }

    /// <summary>Starts (or, given the node's <paramref name="previous"/> incarnation, starts again) a long-running JVM.</summary>
    Task<INodeProcess> LaunchAsync(string name, string directory, IReadOnlyList<string> javaArguments, INodeProcess? previous,
        CancellationToken cancellationToken);

    /// <summary>Runs a JVM tool to completion (storage format, topic command).</summary>
    Task<ExternalCommand.Result> RunToolAsync(string directory, IReadOnlyList<string> javaArguments, string? standardInput,
        TimeSpan timeout, CancellationToken cancellationToken);
}
