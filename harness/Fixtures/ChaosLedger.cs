using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using KafkaChaos.Checkers;
using KafkaChaos.History;
using KafkaChaos.Workload;

namespace KafkaChaos.Fixtures;

/// <summary>
/// The ledger of one topic for your own producer and consumer: <see cref="Track"/> wraps your producer (you send as
/// before; each message's invocation and outcome is recorded with a message id), <see cref="Processed"/> records what
/// your consume loop processed, and <see cref="CheckAsync"/> reads the topic from the beginning and runs the harness's
/// checkers: acknowledged-but-lost, duplicated in the log, processed more than once, reordered, unexpected.
/// </summary>
/// <remarks>
/// A message id travels in the record header <see cref="IdHeader"/> on brokers from 0.11. Older brokers have no
/// headers: there the ledger knows a message by its value, which must then be a <c>string</c> or <c>byte[]</c>
/// (serialized as is) and distinct per message. Thread-safe.
/// </remarks>
public sealed class ChaosLedger
{
    /// <summary>The record header that carries a message id (12 bytes: producer int32, sequence int64, little-endian).</summary>
    public const string IdHeader = "kafka-chaos-id";

    private readonly ChaosCluster _cluster;
    private readonly Lock _gate = new();
    private readonly HistoryBuilder _history = new();
    private readonly Dictionary<string, MessageId> _byValue = new(StringComparer.Ordinal);
    private int _producers;
    private bool _processedAny;

    /// <summary>A ledger of <paramref name="topic"/>, which must have been created with <see cref="ChaosCluster.CreateTopicAsync"/>.</summary>
    /// <param name="cluster">The cluster the topic lives on.</param>
    /// <param name="topic">The topic whose messages are tracked; messages to other topics pass untracked.</param>
    public ChaosLedger(ChaosCluster cluster, string topic)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Partitions = cluster.PartitionsOf(topic);
        _cluster = cluster;
        Topic = topic;
        UsesHeaders = Provisioning.KafkaVersionInfo.SupportsIdempotence(cluster.KafkaVersion); // record headers came with 0.11
    }

    /// <summary>The tracked topic.</summary>
    public string Topic { get; }

    /// <summary>The topic's partition count.</summary>
    public int Partitions { get; }

    /// <summary>Whether message ids travel in the <see cref="IdHeader"/> header (brokers from 0.11), rather than being known by value.</summary>
    public bool UsesHeaders { get; }

    /// <summary>
    /// Your producer, tracked: use the returned producer exactly as the one you passed (same settings, same calls, same
    /// results); every message to <see cref="Topic"/> gets an id, and its invocation and outcome are recorded. Disposing the
    /// returned producer disposes yours.
    /// </summary>
    /// <param name="producer">Your producer, built with <see cref="ChaosCluster.ProducerConfig"/>.</param>
    public IProducer<TKey, TValue> Track<TKey, TValue>(IProducer<TKey, TValue> producer)
    {
        ArgumentNullException.ThrowIfNull(producer);
        if (!UsesHeaders && typeof(TValue) != typeof(string) && typeof(TValue) != typeof(byte[]))
            throw new NotSupportedException($"Kafka {_cluster.KafkaVersion} has no record headers, so the ledger knows messages by value, which must be string or byte[]; this producer's values are {typeof(TValue).Name}.");
        return new TrackedProducer<TKey, TValue>(this, producer, Interlocked.Increment(ref _producers));
    }

    /// <summary>Records that your consume loop processed <paramref name="result"/> (call it after the side effect, before
    /// committing). A record without a ledger id counts as unexpected.</summary>
    /// <param name="result">What your consumer's <c>Consume</c> returned.</param>
    /// <param name="consumerId">Which of your consumers processed it, for the examples. Default 0.</param>
    public void Processed<TKey, TValue>(ConsumeResult<TKey, TValue> result, int consumerId = 0)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Topic != Topic || result.Message is null) return;
        var id = Identify(result.Message.Headers, ValueKey(result.Message.Value));
        var ticks = DateTime.UtcNow.Ticks;
        lock (_gate)
        {
            _history.Add(new Consumed(ticks, id, result.Partition.Value, result.Offset.Value, consumerId, 0));
            if (id is { } known) _history.Add(new History.Processed(ticks, known, result.Partition.Value, result.Offset.Value, consumerId));
            _processedAny = true;
        }
    }

    /// <summary>
    /// Reads <see cref="Topic"/> from its beginning up to its end and checks the ledger against it. Call it once sending and
    /// processing are over (and faults healed).
    /// </summary>
    /// <param name="timeout">How long the read may take. Default 60 s.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<LedgerReport> CheckAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var read = await FinalReader.ReadAsync(_cluster.Clients, Topic, Partitions, timeout ?? TimeSpan.FromSeconds(60),
            m => Identify(m.Headers, BytesKeys(m.Value)), cancellationToken).ConfigureAwait(false);
        RunHistory history;
        bool consumption;
        lock (_gate)
        {
            history = _history.Build("ledger");
            consumption = _processedAny;
        }
        var result = HistoryChecker.Check(history, read, new CheckOptions { ConsumptionExpected = consumption });
        return new LedgerReport(Topic, result, read.RecordCount, read.UnavailablePartitions);
    }

    /// <summary>Records an invocation and stamps the message's id on it (header or value); returns the id.</summary>
    internal MessageId Invoked<TKey, TValue>(int producerId, long sequence, Message<TKey, TValue> message)
    {
        var id = new MessageId(producerId, sequence);
        if (UsesHeaders)
        {
            message.Headers ??= [];
            message.Headers.Remove(IdHeader);
            message.Headers.Add(IdHeader, Encode(id));
        }
        var ticks = DateTime.UtcNow.Ticks;
        lock (_gate)
        {
            if (!UsesHeaders)
            {
                var key = ValueKey(message.Value) ?? throw new ArgumentException("A tracked message needs a value on brokers without headers.", nameof(message));
                if (!_byValue.TryAdd(key, id))
                    throw new ArgumentException($"Kafka {_cluster.KafkaVersion} has no record headers, so the ledger knows messages by value, and this value was sent before (as {_byValue[key]}): send distinct values.", nameof(message));
            }
            _history.Add(new SendInvoked(ticks, id, ResultIgnored: false));
        }
        return id;
    }

    /// <summary>Records a send's outcome.</summary>
    internal void Completed(MessageId id, SendOutcome outcome)
    {
        var ticks = DateTime.UtcNow.Ticks;
        lock (_gate) _history.Add(new SendCompleted(ticks, id, outcome));
    }

    private MessageId? Identify(Headers? headers, params string?[] valueKeys)
    {
        if (headers is not null && headers.TryGetLastBytes(IdHeader, out var bytes) && bytes.Length == 12)
            return new MessageId(BinaryPrimitives.ReadInt32LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(4)));
        if (UsesHeaders) return null;
        lock (_gate)
        {
            foreach (var key in valueKeys)
                if (key is not null && _byValue.TryGetValue(key, out var id)) return id;
        }
        return null;
    }

    private static byte[] Encode(MessageId id)
    {
        var bytes = new byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, id.ProducerId);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(4), id.Sequence);
        return bytes;
    }

    private static string? ValueKey(object? value) => value switch
    {
        string text => "s:" + text,
        byte[] bytes => "b:" + Convert.ToBase64String(bytes),
        _ => null,
    };

    private static string?[] BytesKeys(byte[]? value) =>
        value is null ? [] : ["b:" + Convert.ToBase64String(value), "s:" + Encoding.UTF8.GetString(value)];
}
