namespace KafkaChaos.Cluster;

/// <summary>One broker of a running cluster: its addresses, directories and current process.</summary>
internal sealed class BrokerNode
{
    internal BrokerNode(BrokerAddress address, string directory, string configFile)
    {
        Address = address;
        Directory = directory;
        ConfigFile = configFile;
    }

    public int Id => Address.BrokerId;
    public BrokerAddress Address { get; }

    /// <summary>This broker's run directory: server.properties, data/, logs/ (server.log...), stdout.log.</summary>
    public string Directory { get; }

    public string ConfigFile { get; }
    public string DataDirectory => Path.Combine(Directory, "data");
    public string LogDirectory => Path.Combine(Directory, "logs");
    public BrokerState State { get; internal set; } = BrokerState.Stopped;

    /// <summary>When the last pause began (its resume waits for the broker's session to be settled from then on).</summary>
    internal DateTime? PausedSince { get; set; }

    internal INodeProcess? Process { get; set; }

    /// <summary>The pid of the broker JVM (as this host sees it, also in a container), or null when it is not running.</summary>
    public int? Pid => Process?.Pid;

    /// <summary>The lazy filesystem <see cref="DataDirectory"/> is mounted through, when <see cref="ClusterOptions.LazyDataDirectories"/>.</summary>
    public Storage.LazyMount? LazyData { get; internal set; }

    /// <summary>The tail of server.log and of the JVM's own output, for error messages.</summary>
    public string LogTail(int lines = 25) =>
        $"--- {Path.Combine(LogDirectory, "server.log")} ---\n{Cluster.LogTail.Read(Path.Combine(LogDirectory, "server.log"), lines)}\n" +
        $"--- {Path.Combine(Directory, "stdout.log")} ---\n{Cluster.LogTail.Read(Path.Combine(Directory, "stdout.log"), lines)}";

    public override string ToString() => $"broker {Id} ({State}, {Address.Listen} advertised as {Address.Advertised})";
}
