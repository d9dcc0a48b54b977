using System.Net.Sockets;
using KafkaChaos.Proxy.Kafka;

namespace KafkaChaos.Proxy.Core;

/// <summary>A <see cref="LinkReader"/>'s straight-through writes, made on the reader's thread while nothing is queued
/// and no toxic applies: blocking sends to the destination in order; on Kafka proxies the splitter's held header
/// bytes go in front and a header still being parsed stays behind.</summary>
internal sealed class DirectWriter(Socket destination, KafkaFrameSplitter? splitter)
{
    /// <summary>A blocking send of all of <paramref name="data"/>, in order.</summary>
    public void Send(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = destination.Send(data, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                // The peer is not reading: wait until it does (backpressure on the source).
                destination.Poll(-1, SelectMode.SelectWrite);
                continue;
            }

            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }

            data = data[sent..];
        }
    }

    /// <summary>Kafka fast path: the splitter only tracks frames and pairing (no chunks, no copies) and the read
    /// buffer is written as is: <paramref name="held"/> header bytes held from the previous read (already in front
    /// of the buffer) plus the <paramref name="read"/> new bytes, minus a header still being parsed at the end
    /// (held for the next read).</summary>
    public void ForwardObserved(byte[] buffer, int held, int read, long now)
    {
        splitter!.Split(buffer.AsSpan(held, read), now, null);
        var length = held + read - splitter.HeldBytes;
        if (length > 0)
        {
            Send(buffer.AsSpan(0, length));
        }
    }

    /// <summary><see cref="ForwardObserved"/> when the held header is not in front of the read (too long, or the
    /// read was made for a toxic that left meanwhile): held ++ read is assembled in a buffer of its own.</summary>
    public void ForwardObservedCopying(byte[] buffer, int read, long now)
    {
        var frames = splitter!;
        var heldBefore = frames.HeldBytes;
        var combined = ProxyBuffers.Pool.Rent(heldBefore + read);
        try
        {
            frames.CopyHeldTo(combined);
            buffer.AsSpan(0, read).CopyTo(combined.AsSpan(heldBefore));
            frames.Split(buffer.AsSpan(0, read), now, null);
            var length = heldBefore + read - frames.HeldBytes;
            if (length > 0)
            {
                Send(combined.AsSpan(0, length));
            }
        }
        finally
        {
            ProxyBuffers.Pool.Return(combined);
        }
    }

    public void WriteCoalesced(List<StreamChunk> chunks)
    {
        var total = 0;
        foreach (var chunk in chunks)
        {
            total += chunk.Length;
        }

        var buffer = ProxyBuffers.Pool.Rent(Math.Max(1, total));
        try
        {
            var offset = 0;
            foreach (var chunk in chunks)
            {
                chunk.Data.Span.CopyTo(buffer.AsSpan(offset));
                offset += chunk.Length;
                chunk.ReturnBuffer();
            }

            Send(buffer.AsSpan(0, total));
        }
        finally
        {
            ProxyBuffers.Pool.Return(buffer);
        }
    }
}
