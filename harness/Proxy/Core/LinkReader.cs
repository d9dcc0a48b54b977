using System.Diagnostics;
using System.Net.Sockets;
using KafkaChaos.Proxy.Kafka;

namespace KafkaChaos.Proxy.Core;

/// <summary>A <see cref="Link"/>'s reader: cuts the source into chunks (frame-aligned on Kafka proxies) for the
/// link's toxic writer, or, with no toxic on the direction and nothing queued, writes what it read straight to
/// the destination (Kafka: minus a frame header still being parsed), so an idle proxy costs one copy-free hop.</summary>
internal sealed class LinkReader
{
    /// <summary>Read size with nothing to apply: a Kafka batch or fetch response (up to ~1 MB) crosses in a few
    /// recv/send pairs instead of 16. Only held while bytes keep coming.</summary>
    public const int FastReadBufferBytes = 256 * 1024;

    /// <summary>The reader's stack: its frames are shallow (toxics run on the writer), so a small reservation
    /// keeps per-connection address space bounded.</summary>
    private const int ReaderStackBytes = 256 * 1024;

    private readonly Link _link;
    private readonly Socket _source;
    private readonly DirectWriter _direct;
    private readonly KafkaFrameSplitter? _splitter;

    public LinkReader(Link link, Socket source, Socket destination, KafkaFrameSplitter? splitter)
    {
        _link = link;
        _source = source;
        _direct = new DirectWriter(destination, splitter);
        _splitter = splitter;
    }

    /// <summary>The reader runs on a thread of its own with non-blocking calls and poll(2): the kernel wakes it directly
    /// when data arrives (no epoll-thread → thread-pool hop per read), and it keeps moving bytes when the
    /// harness around it blocks or floods the shared thread pool (librdkafka Flush, consumers, checkers). Toxics
    /// still run on the pool: they wait on timers, and only when present.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(
            () =>
            {
                try
                {
                    // Served like the network it stands in for, at the pace of its traffic (see ReaderPace).
                    ReadLoop(ReaderPace.ForCurrentThread(), cancellationToken);
                    done.SetResult();
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            },
            ReaderStackBytes)
        {
            IsBackground = true,
            Name = $"proxy {_link.Direction.ToString().ToLowerInvariant()} #{_link.Connection.Id}",
        };
        thread.Start();
        return done.Task;
    }

    private void ReadLoop(ReaderPace pace, CancellationToken cancellationToken)
    {
        // Blocking calls do not observe the token: unblock them the way a torn-down connection would.
        using var registration = cancellationToken.UnsafeRegister(static state => ((LinkReader)state!).Unblock(), this);
        var time = _link.Connection.Proxy.Server.TimeProvider;
        var chunks = new List<StreamChunk>();
        byte[]? buffer = null;
        var drained = false;
        try
        {
            while (true)
            {
                if (drained)
                {
                    // The last read took less than it asked for, so the socket was empty: wait now rather than
                    // spend a recv on EAGAIN (one syscall of four per wake-up with small messages).
                    WaitForData(ref buffer, pace, cancellationToken);
                    drained = false;
                }

                // Under a toxic the reader holds at most a 64 KiB buffer (the documented bound per connection).
                var readBytes = _link.IsFastPath ? FastReadBufferBytes : Link.ReadBufferBytes;
                if (buffer is not null && buffer.Length > readBytes)
                {
                    ProxyBuffers.Pool.Return(buffer);
                    buffer = null;
                }

                buffer ??= ProxyBuffers.Pool.Rent(readBytes);
                // Kafka fast path: a frame header the splitter still holds from the last read goes in front of the
                // new bytes, so held ++ read is one span to send without copying the read.
                // (A header can be long: a Fetch v15+ request is held whole; those take the copying path.)
                var heldBefore = _splitter?.HeldBytes ?? 0;
                var held = readBytes == FastReadBufferBytes && heldBefore <= Link.ReadBufferBytes ? heldBefore : 0;
                if (held > 0)
                {
                    _splitter!.CopyHeldTo(buffer);
                }

                var requested = Math.Min(buffer.Length, readBytes) - held;
                var read = _source.Receive(buffer, held, requested, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    WaitForData(ref buffer, pace, cancellationToken);
                    continue;
                }

                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                if (read == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (_splitter?.HeldBytes is > 0 and var tailBytes)
                    {
                        // A truncated frame header at EOF: pass it on as it is rather than lose it.
                        var tail = ProxyBuffers.Pool.Rent(tailBytes);
                        _splitter.CopyHeldTo(tail);
                        Forward(new StreamChunk(tail, tail.AsMemory(0, tailBytes), time.GetTimestamp(), null, false, false), cancellationToken);
                    }

                    return;
                }

                pace.Read(read);
                drained = read < requested;
                var now = time.GetTimestamp();
                if (_splitter is null)
                {
                    if (_link.IsFastPath)
                    {
                        _direct.Send(buffer.AsSpan(0, read));
                        continue;
                    }

                    // Toxics see chunks of at most ReadBufferBytes in buffers of their own (the memory bound), also
                    // when a toxic arrived during a large read.
                    for (var offset = 0; offset < read; offset += Link.ReadBufferBytes)
                    {
                        chunks.Add(StreamChunk.CopyOf(buffer.AsSpan(offset, Math.Min(Link.ReadBufferBytes, read - offset)), now, null, false, false));
                    }
                }
                else if (_link.IsFastPath)
                {
                    if (held == heldBefore)
                    {
                        _direct.ForwardObserved(buffer, held, read, now);
                    }
                    else
                    {
                        _direct.ForwardObservedCopying(buffer, read, now);
                    }
                    continue;
                }
                else
                {
                    // In slices, so no chunk exceeds ReadBufferBytes even when a toxic arrived during a large read.
                    for (var offset = 0; offset < read; offset += Link.ReadBufferBytes)
                    {
                        // The splitter keeps its own copy of held bytes: feed it only the new ones.
                        _splitter.Split(buffer.AsSpan(held + offset, Math.Min(Link.ReadBufferBytes, read - offset)), now, chunks);
                    }
                }

                try
                {
                    if (chunks.Count > 1 && _link.IsFastPath)
                    {
                        // Frame-aligned chunks of one read, nothing to apply: one write instead of one per chunk.
                        _direct.WriteCoalesced(chunks);
                    }
                    else
                    {
                        foreach (var chunk in chunks)
                        {
                            Forward(chunk, cancellationToken);
                        }
                    }
                }
                finally
                {
                    chunks.Clear();
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ProxyBuffers.Pool.Return(buffer);
            }
        }
    }

    /// <summary>Nothing queued: waits without a buffer, so an idle connection holds none (as Kestrel does). While
    /// bytes keep coming the buffer is reused and no wait is made (one syscall per read).</summary>
    private void WaitForData(ref byte[]? buffer, ReaderPace pace, CancellationToken cancellationToken)
    {
        if (buffer is not null)
        {
            ProxyBuffers.Pool.Return(buffer);
            buffer = null;
        }

        var start = Stopwatch.GetTimestamp();
        _source.Poll(-1, SelectMode.SelectRead);
        pace.Waited(Stopwatch.GetTimestamp() - start);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Shuts the sockets this reader may be blocked on; errors mean they are already gone.</summary>
    private void Unblock()
    {
        try
        {
            _source.Shutdown(SocketShutdown.Receive);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private void Forward(StreamChunk chunk, CancellationToken cancellationToken)
    {
        if (!_link.IsFastPath)
        {
            _link.Enqueue(chunk, cancellationToken);
            return;
        }

        // Nothing queued, nothing to apply; the writer is idle so writing here keeps order.
        try
        {
            _direct.Send(chunk.Data.Span);
        }
        finally
        {
            chunk.ReturnBuffer();
        }
    }
}
