using System.Buffers.Binary;
using System.Text;
using KafkaChaos.Protocol;

namespace KafkaChaos.Proxy.Kafka;

/// <summary>Pure parsing of Kafka request headers from a frame's payload prefix (the bytes after the 4-byte
/// size). Called with as many bytes as are available; asks for more with <c>needed</c> rather than
/// buffering the whole frame.</summary>
internal static class KafkaHeaderParser
{
    /// <summary>Longest prefix ever asked for: a maximal client id (32767) plus header and body fields.</summary>
    public const int MaxProbeBytes = 2 + 2 + 4 + 2 + short.MaxValue + 64;

    /// <param name="prefix">The first bytes of the payload (not including the size).</param>
    /// <param name="payloadLength">The frame's full payload length (the size field).</param>
    /// <param name="needed">On NeedMore: total prefix bytes to supply next time (never more than payloadLength).</param>
    public static KafkaParseStatus TryParseRequest(ReadOnlySpan<byte> prefix, int payloadLength, out KafkaRequestHeader? header, out int needed)
    {
        var status = TryParseRequest(prefix, payloadLength, null, out KafkaRequestHeader parsed, out needed);
        header = status == KafkaParseStatus.Complete ? parsed : null;
        return status;
    }

    /// <summary>As above, the proxy's per-frame path: <paramref name="header"/> is meaningful only on Complete.</summary>
    /// <param name="clientIds">Optional: reuses the client id string of the previous request on the connection
    /// (it rarely changes), saving an allocation per request.</param>
    internal static KafkaParseStatus TryParseRequest(ReadOnlySpan<byte> prefix, int payloadLength, ClientIdCache? clientIds, out KafkaRequestHeader header, out int needed)
    {
        header = default;
        needed = 0;
        var r = new Reader(prefix);
        if (!r.TryInt16(out var apiKey) || !r.TryInt16(out var apiVersion) || !r.TryInt32(out var correlationId))
        {
            return More(8, payloadLength, prefix.Length, out needed);
        }

        if (apiKey < 0 || apiVersion < 0)
        {
            return KafkaParseStatus.Malformed;
        }

        var headerVersion = KafkaApiKeys.RequestHeaderVersion(apiKey, apiVersion);
        string? clientId = null;
        if (headerVersion != 0)
        {
            if (!r.TryInt16(out var clientIdLength))
            {
                return More(r.Position + 2, payloadLength, prefix.Length, out needed);
            }

            if (clientIdLength < -1)
            {
                return KafkaParseStatus.Malformed;
            }

            if (clientIdLength > 0)
            {
                if (!r.TryBytes(clientIdLength, out var bytes))
                {
                    return More(r.Position + clientIdLength, payloadLength, prefix.Length, out needed);
                }

                clientId = clientIds is null ? Encoding.UTF8.GetString(bytes) : clientIds.Get(bytes);
            }
            else if (clientIdLength == 0)
            {
                clientId = string.Empty;
            }
        }

        if (headerVersion >= 2)
        {
            var tagged = r.TrySkipTaggedFields();
            if (tagged != KafkaParseStatus.Complete)
            {
                return tagged == KafkaParseStatus.Malformed ? tagged : More(r.Position + 5, payloadLength, prefix.Length, out needed);
            }
        }

        int? replicaId = null;
        short? acks = null;
        if (!KafkaApiKeys.IsKnown(apiKey, apiVersion))
        {
            // A version newer than the specs the proxy was checked against: its body is not read.
        }
        else if (apiKey == KafkaApiKeys.Fetch && apiVersion >= KafkaMessageSpecs.FetchFirstReplicaStateVersion)
        {
            // The replica id sits in a tagged field after the whole body: read the (small) request entirely.
            if (payloadLength <= MaxFetchProbeBytes)
            {
                if (prefix.Length < payloadLength)
                {
                    needed = payloadLength;
                    return KafkaParseStatus.NeedMore;
                }

                replicaId = FetchReplicaState(prefix[r.Position..payloadLength]);
            }
        }
        else if (apiKey == KafkaApiKeys.Fetch)
        {
            if (!r.TryInt32(out var id))
            {
                return More(r.Position + 4, payloadLength, prefix.Length, out needed);
            }

            replicaId = id;
        }
        else if (apiKey == KafkaApiKeys.Produce)
        {
            if (KafkaMessageSpecs.ProduceSpec.IsFlexible(apiVersion))
            {
                var start = r.Position;
                if (!r.TryUnsignedVarint(out var lengthPlusOne))
                {
                    return r.Malformed ? KafkaParseStatus.Malformed : More(start + 5, payloadLength, prefix.Length, out needed);
                }

                // 0 is a null transactional id (a non-transactional producer); uint arithmetic must not wrap it.
                if (lengthPlusOne > (uint)int.MaxValue + 1)
                {
                    return KafkaParseStatus.Malformed;
                }

                if (lengthPlusOne > 0 && !r.TrySkip((int)(lengthPlusOne - 1)))
                {
                    return More(r.Position + (int)(lengthPlusOne - 1), payloadLength, prefix.Length, out needed);
                }
            }
            else if (apiVersion >= KafkaMessageSpecs.ProduceFirstTransactionalIdVersion)
            {
                if (!r.TryInt16(out var transactionalIdLength))
                {
                    return More(r.Position + 2, payloadLength, prefix.Length, out needed);
                }

                if (transactionalIdLength < -1)
                {
                    return KafkaParseStatus.Malformed;
                }

                if (transactionalIdLength > 0 && !r.TrySkip(transactionalIdLength))
                {
                    return More(r.Position + transactionalIdLength, payloadLength, prefix.Length, out needed);
                }
            }

            if (!r.TryInt16(out var acksValue))
            {
                return More(r.Position + 2, payloadLength, prefix.Length, out needed);
            }

            acks = acksValue;
        }

        header = new KafkaRequestHeader(apiKey, apiVersion, correlationId, clientId, headerVersion, replicaId, acks);
        return KafkaParseStatus.Complete;
    }

    /// <summary>Fetch v15+ requests up to this size are read whole to find the replica id; larger ones (never a
    /// follower's in practice) are treated as unknown.</summary>
    public const int MaxFetchProbeBytes = 1024 * 1024;

    /// <summary>Fetch v15–v18 body (v17 and v18 only add partition-level tagged fields): skips every field to the top-level tagged fields and returns ReplicaState's
    /// replica id (tag 1), -1 when absent (a consumer), null when the body does not parse.</summary>
    public static int? FetchReplicaState(ReadOnlySpan<byte> body)
    {
        var r = new Reader(body);
        // max_wait_ms, min_bytes, max_bytes, isolation_level, session_id, session_epoch.
        if (!r.TrySkip(4 + 4 + 4 + 1 + 4 + 4) || !r.TryUnsignedVarint(out var topics))
        {
            return null;
        }

        for (var t = 1u; t < topics; t++)
        {
            // topic_id uuid, partitions; per partition: partition, current_leader_epoch, fetch_offset,
            // last_fetched_epoch, log_start_offset, partition_max_bytes, then tagged fields.
            if (!r.TrySkip(16) || !r.TryUnsignedVarint(out var partitions))
            {
                return null;
            }

            for (var p = 1u; p < partitions; p++)
            {
                if (!r.TrySkip(4 + 4 + 8 + 4 + 8 + 4) || r.TrySkipTaggedFields() != KafkaParseStatus.Complete)
                {
                    return null;
                }
            }

            if (r.TrySkipTaggedFields() != KafkaParseStatus.Complete)
            {
                return null;
            }
        }

        // forgotten_topics_data: topic_id uuid, partitions (compact int32 array), tagged fields.
        if (!r.TryUnsignedVarint(out var forgotten))
        {
            return null;
        }

        for (var f = 1u; f < forgotten; f++)
        {
            // A null partitions array (0) is not valid here; uint arithmetic must not wrap it into a negative skip.
            if (!r.TrySkip(16) || !r.TryUnsignedVarint(out var count) || count == 0 || count > int.MaxValue / 4
                || !r.TrySkip(4 * (int)(count - 1)) || r.TrySkipTaggedFields() != KafkaParseStatus.Complete)
            {
                return null;
            }
        }

        // rack_id compact string, then the top-level tagged fields.
        if (!r.TryUnsignedVarint(out var rackLength) || rackLength > int.MaxValue || (rackLength > 0 && !r.TrySkip((int)rackLength - 1)))
        {
            return null;
        }

        if (!r.TryUnsignedVarint(out var tagCount))
        {
            return null;
        }

        var replicaId = -1;
        for (var i = 0u; i < tagCount; i++)
        {
            if (!r.TryUnsignedVarint(out var tag) || !r.TryUnsignedVarint(out var size) || size > int.MaxValue || !r.TryBytes((int)size, out var value))
            {
                return null;
            }

            if (tag == 1 && value.Length >= 4)
            {
                replicaId = BinaryPrimitives.ReadInt32BigEndian(value);
            }
        }

        return replicaId;
    }

    /// <summary>A response frame's correlation id: its first 4 payload bytes.</summary>
    public static bool TryParseResponseCorrelationId(ReadOnlySpan<byte> prefix, out int correlationId)
    {
        correlationId = 0;
        if (prefix.Length < 4)
        {
            return false;
        }

        correlationId = BinaryPrimitives.ReadInt32BigEndian(prefix);
        return true;
    }

    private static KafkaParseStatus More(long want, int payloadLength, int have, out int needed)
    {
        // Ask for at most the frame's payload: a header still incomplete with the whole payload in hand
        // (or longer than any real header) is malformed.
        needed = (int)Math.Min(Math.Min(want, payloadLength), MaxProbeBytes);
        if (needed <= have)
        {
            needed = 0;
            return KafkaParseStatus.Malformed;
        }

        return KafkaParseStatus.NeedMore;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Position { get; private set; }

        public bool Malformed { get; private set; }

        public bool TryInt16(out short value)
        {
            value = 0;
            if (_data.Length - Position < 2)
            {
                return false;
            }

            value = BinaryPrimitives.ReadInt16BigEndian(_data[Position..]);
            Position += 2;
            return true;
        }

        public bool TryInt32(out int value)
        {
            value = 0;
            if (_data.Length - Position < 4)
            {
                return false;
            }

            value = BinaryPrimitives.ReadInt32BigEndian(_data[Position..]);
            Position += 4;
            return true;
        }

        public bool TryBytes(int count, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            if (_data.Length - Position < count)
            {
                return false;
            }

            bytes = _data.Slice(Position, count);
            Position += count;
            return true;
        }

        public bool TrySkip(int count) => TryBytes(count, out _);

        public bool TryUnsignedVarint(out uint value)
        {
            value = 0;
            var position = Position;
            for (var shift = 0; shift < 35; shift += 7)
            {
                if (position >= _data.Length)
                {
                    return false;
                }

                var b = _data[position++];
                value |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    Position = position;
                    return true;
                }
            }

            Malformed = true;
            return false;
        }

        /// <summary>Tagged fields: a varint count, then per field a varint tag, a varint size and the bytes.</summary>
        public KafkaParseStatus TrySkipTaggedFields()
        {
            if (!TryUnsignedVarint(out var count))
            {
                return Malformed ? KafkaParseStatus.Malformed : NeedMore();
            }

            for (var i = 0u; i < count; i++)
            {
                if (!TryUnsignedVarint(out _) || !TryUnsignedVarint(out var size))
                {
                    return Malformed ? KafkaParseStatus.Malformed : NeedMore();
                }

                if (size > int.MaxValue)
                {
                    return KafkaParseStatus.Malformed;
                }

                if (!TrySkip((int)size))
                {
                    return NeedMore();
                }
            }

            return KafkaParseStatus.Complete;
        }

        private KafkaParseStatus NeedMore()
        {
            // Tagged fields are re-parsed from the start next time; the caller asks for a few bytes past the end.
            Position = _data.Length;
            return KafkaParseStatus.NeedMore;
        }
    }
}
