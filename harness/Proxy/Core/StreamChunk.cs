using System.Buffers;
using KafkaChaos.Proxy.Kafka;

namespace KafkaChaos.Proxy.Core;

/// <summary>Bytes read from one side of a connection, with when they arrived and, on Kafka proxies, which
/// frame they belong to (chunks never span frames there).</summary>
internal sealed class StreamChunk
{
    private byte[]? _pooled;

    internal StreamChunk(byte[]? pooled, ReadOnlyMemory<byte> data, long receivedTimestamp, KafkaFrame? frame, bool isFrameStart, bool isFrameEnd)
    {
        _pooled = pooled;
        Data = data;
        ReceivedTimestamp = receivedTimestamp;
        Frame = frame;
        IsFrameStart = isFrameStart;
        IsFrameEnd = isFrameEnd;
    }

    public ReadOnlyMemory<byte> Data { get; }

    public int Length => Data.Length;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the bytes were read.</summary>
    public long ReceivedTimestamp { get; }

    public KafkaFrame? Frame { get; }

    /// <summary>This chunk begins <see cref="Frame"/> (it holds the size and header bytes).</summary>
    public bool IsFrameStart { get; }

    /// <summary>This chunk ends <see cref="Frame"/>.</summary>
    public bool IsFrameEnd { get; }

    /// <summary>A view of part of this chunk, sharing its buffer (valid while this chunk is being processed).</summary>
    public StreamChunk Slice(int start, int length) => new(
        null,
        Data.Slice(start, length),
        ReceivedTimestamp,
        Frame,
        IsFrameStart && start == 0,
        IsFrameEnd && start + length == Data.Length);

    internal static StreamChunk CopyOf(ReadOnlySpan<byte> data, long receivedTimestamp, KafkaFrame? frame, bool isFrameStart, bool isFrameEnd)
    {
        var buffer = ProxyBuffers.Pool.Rent(Math.Max(1, data.Length));
        data.CopyTo(buffer);
        return new StreamChunk(buffer, buffer.AsMemory(0, data.Length), receivedTimestamp, frame, isFrameStart, isFrameEnd);
    }

    internal void ReturnBuffer()
    {
        var pooled = Interlocked.Exchange(ref _pooled, null);
        if (pooled is not null)
        {
            ProxyBuffers.Pool.Return(pooled);
        }
    }
}
