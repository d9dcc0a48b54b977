using Confluent.Kafka;
using KafkaChaos.Cluster;
using KafkaChaos.History;

namespace KafkaChaos.Workload;

/// <summary>
/// Reads every partition of a topic from its beginning up to the high watermark with a fresh consumer that
/// is assigned the partitions directly (no group membership, no commits): the ground truth for the checkers.
/// </summary>
internal static class FinalReader
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Reads partitions <c>0..partitions-1</c> of <paramref name="topic"/>. A partition whose watermarks cannot
    /// be queried, or that is not read up to its high watermark within <paramref name="timeout"/>, is marked
    /// unavailable with the reason (records read from it still count).
    /// </summary>
    public static Task<FinalRead> ReadAsync(ClientSettings clients, string topic, int partitions, TimeSpan timeout, CancellationToken cancellationToken) =>
        ReadAsync(clients, topic, partitions, timeout, null, cancellationToken);

    /// <summary>As above; <paramref name="identify"/> (when set) reads a record's identity instead of its value's envelope
    /// (the fixture ledger carries ids in headers or knows them by value).</summary>
    public static async Task<FinalRead> ReadAsync(ClientSettings clients, string topic, int partitions, TimeSpan timeout,
        Func<Message<Ignore, byte[]>, MessageId?>? identify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return await Task.Run(() => Read(clients, topic, partitions, timeout, identify, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How long the high watermarks must stay put after the read reached them (1 s).</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Asks the partition's leader for its watermarks. A leader that moved since the client's last metadata answers
    /// NotLeaderForPartition (librdkafka refreshes its metadata on that), and one being elected answers
    /// LeaderNotAvailable: both are asked again until <paramref name="deadline"/>; any other error, or the last, throws.
    /// </summary>
    private static (long Low, long High) QueryWatermarks(IConsumer<Ignore, byte[]> consumer, TopicPartition partition, DateTime deadline,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            try
            {
                var watermarks = consumer.QueryWatermarkOffsets(partition, remaining > TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1));
                return (watermarks.Low.Value, watermarks.High.Value);
            }
            catch (KafkaException ex) when (IsLeaderChange(ex.Error.Code) && DateTime.UtcNow + PollTimeout < deadline)
            {
                cancellationToken.WaitHandle.WaitOne(PollTimeout);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private static bool IsLeaderChange(ErrorCode code) =>
        code is ErrorCode.NotLeaderForPartition or ErrorCode.LeaderNotAvailable;

    private static void ReadUpTo(IConsumer<Ignore, byte[]> consumer, FinalReadBuilder builder, Dictionary<int, long> highWatermarks,
        Dictionary<int, long> next, DateTime deadline, Func<Message<Ignore, byte[]>, MessageId?>? identify, TextWriter log, CancellationToken cancellationToken)
    {
        while (next.Any(n => n.Value < highWatermarks[n.Key]) && DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ConsumeResult<Ignore, byte[]>? result;
            try
            {
                result = consumer.Consume(PollTimeout);
            }
            catch (ConsumeException ex)
            {
                log.WriteLine($"final-read: {ex.Error.Code} {ex.Error.Reason}");
                continue;
            }
            if (result?.Message is null) continue;
            int partition = result.Partition.Value;
            if (result.Offset.Value < next[partition]) continue; // already read (a re-fetch)
            if (identify is null) builder.Add(partition, result.Offset.Value, result.Message.Value);
            else builder.Add(partition, result.Offset.Value, identify(result.Message));
            next[partition] = result.Offset.Value + 1;
        }
    }

    private static FinalRead Read(ClientSettings clients, string topic, int partitions, TimeSpan timeout,
        Func<Message<Ignore, byte[]>, MessageId?>? identify, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var builder = new FinalReadBuilder(topic);
        var config = clients.Consumer($"final-read-{Guid.NewGuid():N}", new Dictionary<string, string>
        {
            ["enable.auto.commit"] = "false",
            ["enable.auto.offset.store"] = "false",
            ["auto.offset.reset"] = "earliest",
            ["enable.partition.eof"] = "false",
        });
        config.ClientId = "final-read";
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config)
            .SetLogHandler(ClientConfigs.Log(clients, "final-read"))
            .Build();

        var highWatermarks = new Dictionary<int, long>();
        var next = new Dictionary<int, long>();
        for (int p = 0; p < partitions; p++)
        {
            try
            {
                var (low, high) = QueryWatermarks(consumer, new TopicPartition(topic, p), deadline, cancellationToken);
                builder.AddPartition(p);
                highWatermarks[p] = high;
                next[p] = low;
            }
            catch (KafkaException ex)
            {
                builder.MarkUnavailable(p, $"high watermark unknown: {ex.Error.Code} {ex.Error.Reason}");
            }
        }
        consumer.Assign(next.Select(n => new TopicPartitionOffset(topic, n.Key, n.Value)));

        // The high watermark trails acks=1 writes by a follower fetch: read up to it, then look again after
        // SettleTime and go on while it still moves, so a just-finished run is read completely.
        while (DateTime.UtcNow < deadline)
        {
            ReadUpTo(consumer, builder, highWatermarks, next, deadline, identify, clients.Log, cancellationToken);
            if (next.Any(n => n.Value < highWatermarks[n.Key])) break; // deadline
            var settle = DateTime.UtcNow + SettleTime;
            while (DateTime.UtcNow < settle && DateTime.UtcNow < deadline)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Thread.Sleep(PollTimeout);
            }
            bool moved = false;
            foreach (int p in highWatermarks.Keys.ToList())
            {
                try
                {
                    var (_, high) = QueryWatermarks(consumer, new TopicPartition(topic, p), deadline, cancellationToken);
                    if (high > highWatermarks[p])
                    {
                        highWatermarks[p] = high;
                        moved = true;
                    }
                }
                catch (KafkaException)
                {
                    // Keep the watermark already read.
                }
            }
            if (!moved) break;
        }
        foreach (var (partition, reached) in next)
        {
            if (reached < highWatermarks[partition])
            {
                builder.MarkUnavailable(partition, $"read up to offset {reached} of high watermark {highWatermarks[partition]} within {timeout.TotalSeconds:0.#} s");
            }
        }
        consumer.Close();
        return builder.Build();
    }
}
