using KafkaChaos.Provisioning;

namespace KafkaChaos.Cluster.Processes;

/// <summary>The local-process backend: each node is a JVM of this host's Java runtime on a local Kafka distribution.</summary>
internal sealed class ProcessRuntime(JavaRuntime java, KafkaDistribution distribution) : INodeRuntime
{
    public ClusterBackendInfo Info { get; } = new("process", distribution.Home, null);

    public Version KafkaVersion => distribution.Version;

    public string KafkaHome => distribution.Home;

    public KafkaDistribution Distribution => distribution;

    /// <summary>Provisions what the process backend needs (Java check, Kafka distribution).</summary>
    public static async Task<ProcessRuntime> CreateAsync(CachePaths cache, ClusterOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var java = await JavaRuntime.LocateAsync(cancellationToken);
        var distribution = await KafkaDistributionLocator.LocateAsync(cache, options.KafkaHome, log, cancellationToken);
        return new ProcessRuntime(java, distribution);
    }

    public async Task<INodeProcess> LaunchAsync(string name, string directory, IReadOnlyList<string> javaArguments, INodeProcess? previous,
        CancellationToken cancellationToken)
    {
        if (previous is not null) await previous.DisposeAsync();
        return JvmProcess.Start(java.Executable, javaArguments, name, directory);
    }

    public Task<ExternalCommand.Result> RunToolAsync(string directory, IReadOnlyList<string> javaArguments, string? standardInput,
        TimeSpan timeout, CancellationToken cancellationToken) =>
        ExternalCommand.RunAsync(java.Executable, javaArguments, directory, timeout, cancellationToken, standardInput: standardInput);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
