using System.Text;
using Confluent.Kafka;
using KafkaChaos.Cluster;

namespace KafkaChaos.Tests.Faults;

/// <summary>Small clients for observing a fault's effect: a producer with explicit timeouts, a whole-partition
/// reader, the high watermark. Every wait is bounded.</summary>
internal static class ClusterClients
{
    public static IProducer<Null, string> Producer(KafkaCluster cluster, string acks, int messageTimeoutMs, int retries,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["acks"] = acks,
            ["message.timeout.ms"] = messageTimeoutMs.ToString(),
            ["request.timeout.ms"] = Math.Min(messageTimeoutMs, 5000).ToString(),
            ["message.send.max.retries"] = retries.ToString(),
            ["retry.backoff.ms"] = "100",
            ["reconnect.backoff.ms"] = "50",
            ["reconnect.backoff.max.ms"] = "500",
            ["linger.ms"] = "0",
        };
        if (extra is not null)
            foreach (var (key, value) in extra) settings[key] = value;
        return new ProducerBuilder<Null, string>(cluster.Clients.Producer(settings)).SetLogHandler((_, _) => { }).Build();
    }

    public static async Task<long> HighWatermarkAsync(KafkaCluster cluster, string topic, int partition, TimeSpan deadline)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(cluster.Clients.Consumer($"observer-{Guid.NewGuid():N}"))
            .SetLogHandler((_, _) => { }).Build();
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            try
            {
                return consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(5)).High;
            }
            catch (KafkaException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Waits until the high watermark reaches <paramref name="count"/>; returns it.</summary>
    public static async Task<long> WaitForHighWatermarkAsync(KafkaCluster cluster, string topic, int partition, long count, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var high = await HighWatermarkAsync(cluster, topic, partition, deadline);
            if (high >= count) return high;
            if (DateTime.UtcNow > until) throw new TimeoutException($"high watermark of {topic}-{partition} stayed at {high}, expected {count}");
            await Task.Delay(100);
        }
    }

    /// <summary>Every record of the partition up to its high watermark, as (offset, value).</summary>
    public static async Task<List<(long Offset, string Value)>> ReadPartitionAsync(KafkaCluster cluster, string topic, int partition, TimeSpan deadline)
    {
        var high = await HighWatermarkAsync(cluster, topic, partition, deadline);
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(cluster.Clients.Consumer($"reader-{Guid.NewGuid():N}",
            new Dictionary<string, string> { ["enable.auto.commit"] = "false" })).SetLogHandler((_, _) => { }).Build();
        var tp = new TopicPartition(topic, partition);
        consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
        var records = new List<(long, string)>();
        var until = DateTime.UtcNow + deadline;
        var next = 0L;
        while (next < high)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"read {next} of {high} records of {tp}");
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result?.Message is null) continue;
            records.Add((result.Offset.Value, Encoding.UTF8.GetString(result.Message.Value)));
            next = result.Offset.Value + 1;
        }
        return records;
    }
}
