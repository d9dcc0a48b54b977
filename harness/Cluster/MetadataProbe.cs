using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace KafkaChaos.Cluster;

/// <summary>
/// Asks one chosen broker for metadata with a raw Metadata v0 request on its own port. The harness observes
/// the cluster this way rather than through a client library: a library picks "any" broker, which may be the
/// one a fault has paused, and it would cross the fault proxy the test is driving.
/// </summary>
internal static class MetadataProbe
{
    private const short MetadataApiKey = 3;

    public sealed record Result(IReadOnlyList<int> Brokers, IReadOnlyList<PartitionState> Partitions, IReadOnlyDictionary<string, short> TopicErrors);

    /// <summary>Metadata for <paramref name="topics"/> (all topics when empty) from the broker at 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<Result> QueryAsync(int port, IReadOnlyList<string> topics, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(BrokerAddress.Host, port, deadline.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(EncodeRequest(topics, correlationId: 1), deadline.Token);

        var sizeBytes = new byte[4];
        await stream.ReadExactlyAsync(sizeBytes, deadline.Token);
        var size = BinaryPrimitives.ReadInt32BigEndian(sizeBytes);
        if (size is < 4 or > 64 * 1024 * 1024) throw new InvalidDataException($"Metadata response of implausible size {size}.");
        var body = new byte[size];
        await stream.ReadExactlyAsync(body, deadline.Token);
        return Decode(body);
    }

    internal static byte[] EncodeRequest(IReadOnlyList<string> topics, int correlationId)
    {
        var payload = new List<byte>();
        void Int16(short v) { var b = new byte[2]; BinaryPrimitives.WriteInt16BigEndian(b, v); payload.AddRange(b); }
        void Int32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, v); payload.AddRange(b); }
        void String(string s) { var b = Encoding.UTF8.GetBytes(s); Int16((short)b.Length); payload.AddRange(b); }

        Int16(MetadataApiKey);
        Int16(0);
        Int32(correlationId);
        String("kafka-chaos-observer");
        Int32(topics.Count);
        foreach (var topic in topics) String(topic);

        var frame = new byte[4 + payload.Count];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Count);
        payload.CopyTo(frame, 4);
        return frame;
    }

    internal static Result Decode(ReadOnlySpan<byte> body)
    {
        var reader = new Reader(body);
        reader.Int32(); // correlation id
        var brokers = new List<int>();
        for (var i = reader.Int32(); i > 0; i--)
        {
            brokers.Add(reader.Int32());
            reader.String();
            reader.Int32();
        }
        var partitions = new List<PartitionState>();
        var topicErrors = new Dictionary<string, short>();
        for (var t = reader.Int32(); t > 0; t--)
        {
            var topicError = reader.Int16();
            var topic = reader.String();
            topicErrors[topic] = topicError;
            for (var p = reader.Int32(); p > 0; p--)
            {
                reader.Int16(); // partition error (e.g. LEADER_NOT_AVAILABLE): the leader field says it
                var partition = reader.Int32();
                var leader = reader.Int32();
                var replicas = reader.Int32Array();
                var isr = reader.Int32Array();
                partitions.Add(new PartitionState(topic, partition, leader, replicas, isr));
            }
        }
        return new Result(brokers.Order().ToList(), partitions, topicErrors);
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public short Int16() { var v = BinaryPrimitives.ReadInt16BigEndian(_data[_position..]); _position += 2; return v; }
        public int Int32() { var v = BinaryPrimitives.ReadInt32BigEndian(_data[_position..]); _position += 4; return v; }

        public string String()
        {
            var length = Int16();
            if (length < 0) return string.Empty;
            var s = Encoding.UTF8.GetString(_data.Slice(_position, length));
            _position += length;
            return s;
        }

        public int[] Int32Array()
        {
            var count = Int32();
            var values = new int[Math.Max(0, count)];
            for (var i = 0; i < values.Length; i++) values[i] = Int32();
            return values;
        }
    }
}
