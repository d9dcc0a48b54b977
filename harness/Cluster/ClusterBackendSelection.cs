namespace KafkaChaos.Cluster;

/// <summary>
/// The backend and image a run uses unless told otherwise: <c>KAFKA_CHAOS_BACKEND</c> (process or docker) and
/// <c>KAFKA_CHAOS_IMAGE</c>, read by <see cref="ClusterOptions"/>, so the CLI and the NUnit tests select alike.
/// </summary>
internal static class ClusterBackendSelection
{
    public const string BackendVariable = "KAFKA_CHAOS_BACKEND";
    public const string ImageVariable = "KAFKA_CHAOS_IMAGE";

    /// <summary>The backend named by <c>KAFKA_CHAOS_BACKEND</c>, else <see cref="ClusterBackend.Process"/>.</summary>
    public static ClusterBackend FromEnvironment() => Parse(Environment.GetEnvironmentVariable(BackendVariable), BackendVariable);

    /// <summary>The image named by <c>KAFKA_CHAOS_IMAGE</c>, or null.</summary>
    public static string? ImageFromEnvironment() =>
        Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } image ? image : null;

    /// <summary>"process" or "docker" (any case); empty or null means process.</summary>
    public static ClusterBackend Parse(string? text, string source) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "process" => ClusterBackend.Process,
        "docker" => ClusterBackend.Docker,
        _ => throw new ArgumentException($"{source}: unknown backend '{text}'; use 'process' or 'docker'."),
    };
}
