namespace KafkaChaos.Cluster;

/// <summary>
/// The JVM command lines of a cluster's nodes and tools, for a Kafka distribution at <paramref name="kafkaHome"/> (as
/// the nodes see it). The same command lines run as local processes and in containers.
/// </summary>
internal sealed class NodeCommands(string kafkaHome)
{
    public List<string> Broker(string nodeDirectory, int heapMb, string configFile) =>
        [.. Jvm(nodeDirectory, heapMb), "kafka.Kafka", configFile];

    public List<string> ZooKeeper(string nodeDirectory, string configFile) =>
        [.. Jvm(nodeDirectory, 128), "org.apache.zookeeper.server.quorum.QuorumPeerMain", configFile];

    public List<string> FormatStorage(string clusterId, string configFile) =>
        ["-cp", ClassPath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", configFile, "--ignore-formatted"];

    /// <summary>kafka.admin.TopicCommand against ZooKeeper (brokers before 0.10.1 have no CreateTopics request).</summary>
    public List<string> CreateTopicThroughZooKeeper(int zooKeeperPort, TopicSpec spec, IReadOnlyList<IReadOnlyList<int>> assignment)
    {
        List<string> arguments =
        [
            "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", ClassPath,
            $"-Dlog4j.configuration=file:{kafkaHome}/config/tools-log4j.properties",
            "kafka.admin.TopicCommand", "--zookeeper", $"{BrokerAddress.Host}:{zooKeeperPort}", "--create", "--topic", spec.Name,
            "--replica-assignment", string.Join(',', assignment.Select(r => string.Join(':', r))),
        ];
        foreach (var (key, value) in spec.Configs) arguments.AddRange(["--config", $"{key}={value}"]);
        return arguments;
    }

    private string ClassPath => $"{kafkaHome}/libs/*";

    private List<string> Jvm(string nodeDirectory, int heapMb)
    {
        var logs = Path.Combine(nodeDirectory, "logs");
        Directory.CreateDirectory(logs);
        return
        [
            $"-Xmx{heapMb}m", "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-Djava.awt.headless=true",
            $"-Dkafka.logs.dir={logs}",
            $"-Dlog4j.configuration=file:{kafkaHome}/config/log4j.properties",
            $"-Dlog4j2.configurationFile={kafkaHome}/config/log4j2.yaml",
            "-cp", ClassPath,
        ];
    }
}
