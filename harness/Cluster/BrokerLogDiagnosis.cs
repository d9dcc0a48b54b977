namespace KafkaChaos.Cluster;

/// <summary>
/// What the brokers' own logs say, for the message of a wait that timed out: about one partition (per broker, the
/// last lines of each log that name it, and the last warnings and errors), or about a broker that did not rejoin.
/// Read only on failure.
/// </summary>
internal static class BrokerLogDiagnosis
{
    /// <summary>The logs a ZooKeeper-mode broker writes about partitions (KRaft brokers write only server.log).</summary>
    private static readonly string[] LogFiles = ["state-change.log", "controller.log", "server.log"];

    private const int LinesPerFile = 8;

    /// <summary>What a 0.9–0.10.1 controller logs when it starts resigning, and when it has resigned.</summary>
    private const string Resigning = "Controller resigning", Resigned = "resigned as the controller";

    public static string Partition(IEnumerable<BrokerNode> brokers, string topic, int partition)
    {
        // 0.9 names a partition "[topic,0]"; later versions "topic-0".
        string[] names = [$"[{topic},{partition}]", $"{topic}-{partition}"];
        var report = new System.Text.StringBuilder();
        foreach (var broker in brokers)
        {
            report.Append($"--- {broker} ---\n");
            foreach (var file in LogFiles)
            {
                var lines = ReadLines(Path.Combine(broker.LogDirectory, file));
                Append(report, $"{file}, lines naming the partition", lines.Where(l => names.Any(n => l.Contains(n, StringComparison.Ordinal))));
                Append(report, $"{file}, warnings and errors", lines.Where(IsWarning));
            }
        }
        return report.ToString().TrimEnd();
    }

    /// <summary>
    /// Why a broker did not register again. A controller whose ZooKeeper session expires while its automatic leader
    /// rebalance runs deadlocks resigning, and the same ZooKeeper event thread would have re-registered the broker.
    /// </summary>
    public static string Rejoin(BrokerNode broker)
    {
        var report = new System.Text.StringBuilder($"--- {broker} ---\n");
        var controller = ReadLines(Path.Combine(broker.LogDirectory, "controller.log"));
        var resigning = controller.FindLastIndex(l => l.Contains(Resigning, StringComparison.Ordinal));
        if (resigning >= 0 && resigning > controller.FindLastIndex(l => l.Contains(Resigned, StringComparison.Ordinal)))
        {
            report.Append("It was the controller and began resigning when its session expired, but never finished: the deadlock "
                + "between session expiry and the automatic leader rebalance (KAFKA-4360, Kafka before 0.10.2). It stays "
                + "unregistered until restarted.\n");
            Append(report, "controller.log, from the resignation", controller.Skip(resigning));
        }
        Append(report, "server.log, warnings and errors", ReadLines(Path.Combine(broker.LogDirectory, "server.log")).Where(IsWarning));
        return report.ToString().TrimEnd();
    }

    private static bool IsWarning(string line) => line.Contains("WARN", StringComparison.Ordinal) || line.Contains("ERROR", StringComparison.Ordinal);

    private static void Append(System.Text.StringBuilder report, string title, IEnumerable<string> lines)
    {
        var last = lines.TakeLast(LinesPerFile).ToList();
        if (last.Count == 0) return;
        report.Append($"{title}:\n");
        foreach (var line in last) report.Append("  ").Append(line).Append('\n');
    }

    private static List<string> ReadLines(string path)
    {
        var lines = new List<string>();
        if (!File.Exists(path)) return lines;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }
}
