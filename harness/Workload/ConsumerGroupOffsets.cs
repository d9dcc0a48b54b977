using Confluent.Kafka;
using KafkaChaos.Cluster;

namespace KafkaChaos.Workload;

/// <summary>
/// A group's committed offsets: read them, wait for them to reach the end of the log (drain), and rewind them
/// (claim C5: lost consumption recovered by resetting the group's offsets).
/// </summary>
internal static class ConsumerGroupOffsets
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The group's committed offset per partition (-1 = none).</summary>
    public static async Task<IReadOnlyDictionary<int, long>> GetAsync(ClientSettings clients, string group, string topic, int partitions, CancellationToken cancellationToken)
    {
        return await Task.Run(() =>
        {
            using var consumer = Create(clients, group);
            var committed = consumer.Committed(Partitions(topic, partitions), QueryTimeout);
            return (IReadOnlyDictionary<int, long>)committed.ToDictionary(c => c.Partition.Value, c => c.Offset.Value >= 0 ? c.Offset.Value : -1);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The high watermark per partition (the offset the next record will get).</summary>
    public static async Task<IReadOnlyDictionary<int, long>> GetHighWatermarksAsync(ClientSettings clients, string topic, int partitions, CancellationToken cancellationToken)
    {
        return await Task.Run(() =>
        {
            using var consumer = Create(clients, $"watermarks-{Guid.NewGuid():N}");
            return (IReadOnlyDictionary<int, long>)Partitions(topic, partitions)
                .ToDictionary(tp => tp.Partition.Value, tp => consumer.QueryWatermarkOffsets(tp, QueryTimeout).High.Value);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the group has committed every partition up to its high watermark (as read when the wait
    /// starts), i.e. its consumers drained the topic; false at the deadline.
    /// </summary>
    public static async Task<bool> WaitCaughtUpAsync(ClientSettings clients, string group, string topic, int partitions, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var ends = await GetHighWatermarksAsync(clients, topic, partitions, cancellationToken).ConfigureAwait(false);
        long start = timeProvider.GetTimestamp();
        while (true)
        {
            var committed = await GetAsync(clients, group, topic, partitions, cancellationToken).ConfigureAwait(false);
            if (ends.All(e => committed.GetValueOrDefault(e.Key, -1) >= e.Value)) return true;
            if (timeProvider.GetElapsedTime(start) > timeout) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(200), timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Commits the group's offsets back to the beginning of every partition (the low watermark). The group must
    /// have no live members (stop its consumers first, or wait out the session timeout of killed ones).
    /// </summary>
    public static async Task RewindToBeginningAsync(ClientSettings clients, string group, string topic, int partitions, CancellationToken cancellationToken)
    {
        var lows = await Task.Run(() =>
        {
            using var consumer = Create(clients, $"watermarks-{Guid.NewGuid():N}");
            return Partitions(topic, partitions).ToDictionary(tp => tp.Partition.Value, tp => consumer.QueryWatermarkOffsets(tp, QueryTimeout).Low.Value);
        }, cancellationToken).ConfigureAwait(false);
        await RewindAsync(clients, group, topic, lows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits <paramref name="offsets"/> (partition → next offset to read) for the group; same precondition as <see cref="RewindToBeginningAsync"/>.</summary>
    public static async Task RewindAsync(ClientSettings clients, string group, string topic, IReadOnlyDictionary<int, long> offsets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        await Task.Run(() =>
        {
            using var consumer = Create(clients, group);
            consumer.Commit(offsets.Select(o => new TopicPartitionOffset(topic, o.Key, o.Value)));
            consumer.Close();
        }, cancellationToken).ConfigureAwait(false);
    }

    private static IConsumer<Ignore, Ignore> Create(ClientSettings clients, string group)
    {
        var config = clients.Consumer(group, new Dictionary<string, string> { ["enable.auto.commit"] = "false" });
        config.ClientId = "group-offsets";
        return new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler(ClientConfigs.Log(clients, "group-offsets")).Build();
    }

    private static List<TopicPartition> Partitions(string topic, int partitions) =>
        Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
}
