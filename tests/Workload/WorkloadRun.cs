using KafkaChaos.Checkers;
using KafkaChaos.Cluster;
using KafkaChaos.History;
using KafkaChaos.Workload;
using NUnit.Framework;

namespace KafkaChaos.Tests.Workload;

/// <summary>One workload run in a test: a fresh topic on the shared cluster, a run directory, contexts, and the check.</summary>
internal sealed class WorkloadRun : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private WorkloadRun(KafkaCluster cluster, string topic, int partitions)
    {
        Cluster = cluster;
        Topic = topic;
        Partitions = partitions;
        RunDirectory = Directory.CreateTempSubdirectory("kchaos-workload-").FullName;
    }

    public KafkaCluster Cluster { get; }
    public string Topic { get; }
    public int Partitions { get; }
    public string RunDirectory { get; }

    public static async Task<WorkloadRun> CreateAsync(KafkaCluster cluster, string name, int partitions = 3, IReadOnlyDictionary<string, string>? configs = null)
    {
        string topic = $"{name}-{Guid.NewGuid():N}"[..Math.Min(name.Length + 33, 200)];
        await cluster.CreateTopicAsync(new TopicSpec(topic) { Partitions = partitions, Configs = configs ?? new Dictionary<string, string>() });
        return new WorkloadRun(cluster, topic, partitions);
    }

    public WorkerContext Context(int index, WorkerPause? pauseAt = null, int seed = 0) =>
        new(Cluster.Clients, Topic, RunDirectory, index, TimeProvider.System, seed) { PauseAt = pauseAt };

    public Task<FinalRead> FinalReadAsync() => FinalReader.ReadAsync(Cluster.Clients, Topic, Partitions, Deadline, CancellationToken.None);

    public async Task<CheckResult> CheckAsync(bool consumptionExpected)
    {
        var history = await RunHistory.LoadAsync(RunDirectory);
        var finalRead = await FinalReadAsync();
        var result = HistoryChecker.Check(history, finalRead, new CheckOptions { ConsumptionExpected = consumptionExpected });
        TestContext.Out.WriteLine($"{Topic}: read {finalRead.RecordCount} records; counts {result.Counts}");
        foreach (var finding in result.Findings)
        {
            TestContext.Out.WriteLine($"  {finding.Kind}: {finding.Count}{(finding.IsAnomaly ? " (anomaly)" : "")}; e.g. {string.Join("; ", finding.Examples.Take(3).Select(e => e.Detail))}");
        }
        return result;
    }

    /// <summary>Awaits a condition with a deadline (no fixed sleeps); fails with <paramref name="what"/> and the last state.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, Func<object?>? state = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Deadline);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}; state: {state?.Invoke()}");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
