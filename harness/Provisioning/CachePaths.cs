namespace KafkaChaos.Provisioning;

/// <summary>
/// Where kafka-chaos keeps what it provisions (Kafka distributions) and its run
/// directories. Outside the repository, per user, shared by every checkout and test process.
/// </summary>
internal sealed record CachePaths(string Root)
{
    /// <summary>Environment variable that overrides the cache root.</summary>
    public const string CacheVariable = "KAFKA_CHAOS_CACHE";

    /// <summary>
    /// The default root: <c>$KAFKA_CHAOS_CACHE</c>, else <c>$XDG_CACHE_HOME/kafka-chaos</c>, else
    /// <c>~/.cache/kafka-chaos</c>.
    /// </summary>
    public static CachePaths Default
    {
        get
        {
            var explicitRoot = Environment.GetEnvironmentVariable(CacheVariable);
            if (!string.IsNullOrWhiteSpace(explicitRoot)) return new CachePaths(Path.GetFullPath(explicitRoot));
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var baseDir = !string.IsNullOrWhiteSpace(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return new CachePaths(Path.Combine(baseDir, "kafka-chaos"));
        }
    }

    public string Kafka => Path.Combine(Root, "kafka");
    public string Downloads => Path.Combine(Root, "downloads");
    public string Locks => Path.Combine(Root, "locks");

    /// <summary>Per-run directories of clusters (data, logs, pid files); stale ones are reaped.</summary>
    public string Runs => Path.Combine(Root, "runs");
}
