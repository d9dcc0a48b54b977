using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>Builds synthetic Kafka frames (header fields real, bodies minimal) and reads response frames.</summary>
internal static class KafkaFrames
{
    public const short Produce = 0;
    public const short Fetch = 1;
    public const short Metadata = 3;
    public const short ApiVersions = 18;

    /// <summary>A header v1 request: size, api key, version, correlation id, client id, then <paramref name="body"/>.</summary>
    public static byte[] Request(short apiKey, short apiVersion, int correlationId, string? clientId, byte[] body)
    {
        using var payload = new MemoryStream();
        WriteInt16(payload, apiKey);
        WriteInt16(payload, apiVersion);
        WriteInt32(payload, correlationId);
        if (clientId is null)
        {
            WriteInt16(payload, -1);
        }
        else
        {
            var bytes = Encoding.UTF8.GetBytes(clientId);
            WriteInt16(payload, (short)bytes.Length);
            payload.Write(bytes);
        }

        payload.Write(body);
        return Frame(payload.ToArray());
    }

    /// <summary>Fetch v4: replica_id, max_wait, min_bytes, max_bytes, isolation, empty topics.</summary>
    public static byte[] FetchRequest(int correlationId, int replicaId)
    {
        using var body = new MemoryStream();
        WriteInt32(body, replicaId);
        WriteInt32(body, 500);
        WriteInt32(body, 1);
        WriteInt32(body, 1 << 20);
        body.WriteByte(0);
        WriteInt32(body, 0);
        return Request(Fetch, 4, correlationId, replicaId >= 0 ? $"broker-{replicaId}-fetcher-0" : "consumer", body.ToArray());
    }

    /// <summary>Fetch v15 (flexible, header v2): one topic with <paramref name="partitions"/> partitions, one
    /// forgotten topic, a rack id, and ReplicaState (tag 1) when <paramref name="replicaId"/> is given.</summary>
    public static byte[] FetchV15Request(int correlationId, int? replicaId, int partitions = 2)
    {
        using var p = new MemoryStream();
        WriteInt16(p, Fetch);
        WriteInt16(p, 15);
        WriteInt32(p, correlationId);
        var clientId = Encoding.UTF8.GetBytes("broker-fetcher");
        WriteInt16(p, (short)clientId.Length);
        p.Write(clientId);
        p.WriteByte(0); // header tagged fields
        WriteInt32(p, 500); // max_wait_ms
        WriteInt32(p, 1); // min_bytes
        WriteInt32(p, 1 << 20); // max_bytes
        p.WriteByte(0); // isolation_level
        WriteInt32(p, 0); // session_id
        WriteInt32(p, -1); // session_epoch
        p.WriteByte(2); // topics: 1
        p.Write(new byte[16]); // topic_id
        p.WriteByte((byte)(partitions + 1));
        for (var i = 0; i < partitions; i++)
        {
            p.Write(new byte[4 + 4 + 8 + 4 + 8 + 4]);
            p.WriteByte(0); // partition tagged fields
        }

        p.WriteByte(0); // topic tagged fields
        p.WriteByte(2); // forgotten topics: 1
        p.Write(new byte[16]);
        p.WriteByte(2); // partitions: 1
        WriteInt32(p, 7);
        p.WriteByte(0);
        p.WriteByte(3); // rack_id "r1"
        p.Write("r1"u8);
        if (replicaId is int id)
        {
            p.WriteByte(2); // two tagged fields: cluster id (tag 0) and replica state (tag 1)
            p.WriteByte(0);
            p.WriteByte(2);
            p.Write(new byte[] { 2, (byte)'c' });
            p.WriteByte(1);
            p.WriteByte(4 + 8 + 1);
            WriteInt32(p, id);
            p.Write(new byte[8]); // replica_epoch
            p.WriteByte(0);
        }
        else
        {
            p.WriteByte(0);
        }

        return Frame(p.ToArray());
    }

    /// <summary>Produce v3: null transactional id, acks, timeout, then filler standing in for record batches.</summary>
    public static byte[] ProduceRequest(int correlationId, short acks, int fillerBytes = 64)
    {
        using var body = new MemoryStream();
        WriteInt16(body, -1);
        WriteInt16(body, acks);
        WriteInt32(body, 30000);
        body.Write(new byte[fillerBytes]);
        return Request(Produce, 3, correlationId, "producer-1", body.ToArray());
    }

    public static byte[] Frame(byte[] payload)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>Reads one whole frame's payload; null on a clean EOF before any byte.</summary>
    public static async Task<byte[]?> ReadFrameAsync(Socket socket, CancellationToken cancellationToken = default)
    {
        var size = new byte[4];
        if (!await ReadExactAsync(socket, size, cancellationToken))
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        if (!await ReadExactAsync(socket, payload, cancellationToken))
        {
            throw new EndOfStreamException("EOF inside a frame");
        }

        return payload;
    }

    public static int CorrelationIdOfResponse(byte[] payload) => BinaryPrimitives.ReadInt32BigEndian(payload);

    private static async Task<bool> ReadExactAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                if (filled == 0)
                {
                    return false;
                }

                throw new EndOfStreamException("EOF inside a frame");
            }

            filled += read;
        }

        return true;
    }

    private static void WriteInt16(Stream s, short v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteInt16BigEndian(b, v);
        s.Write(b);
    }

    private static void WriteInt32(Stream s, int v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, v);
        s.Write(b);
    }
}
