using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Channels;
using KafkaChaos.Proxy.Kafka;
using KafkaChaos.Proxy.Toxics;

namespace KafkaChaos.Proxy.Core;

/// <summary>One direction of one connection: a reader that cuts the source into chunks (frame-aligned on Kafka
/// proxies) and a writer that runs them through the direction's toxics in order. With no toxics and nothing
/// queued the reader writes straight through, so an idle proxy costs one copy-free hop.</summary>
internal sealed class Link
{
    /// <summary>Read size while toxics apply; also the largest chunk a toxic sees.</summary>
    public const int ReadBufferBytes = 64 * 1024;

    /// <summary>Read size with nothing to apply: a Kafka batch or fetch response (up to ~1 MB) crosses in a few
    /// recv/send pairs instead of 16. Only held while bytes keep coming.</summary>
    public const int FastReadBufferBytes = 256 * 1024;

    /// <summary>Chunks queued behind a slow toxic before the reader stops reading (backpressure): bounds memory
    /// per direction to about QueueCapacity × ReadBufferBytes.</summary>
    public const int QueueCapacity = 4;

    private readonly Socket _source;
    private readonly Socket _destination;
    private readonly KafkaFrameSplitter? _splitter;
    private readonly Channel<StreamChunk> _queue;
    private readonly ConcurrentDictionary<ActiveToxic, ToxicLinkState> _states = new(ReferenceEqualityComparer.Instance);
    private readonly Random _toxicityRandom;
    private int _inFlight;

    public Link(ProxyConnection connection, StreamDirection direction, Socket source, Socket destination, KafkaFrameSplitter? splitter)
    {
        Connection = connection;
        Direction = direction;
        _source = source;
        _destination = destination;
        _splitter = splitter;
        // Derived deterministically (HashCode.Combine is randomised per process) so a logged seed replays.
        var server = connection.Proxy.Server;
        Random = new Random(server.DeriveSeed(connection.Id, (int)direction, 0));
        _toxicityRandom = new Random(server.DeriveSeed(connection.Id, (int)direction, 1));
        _queue = Channel.CreateBounded<StreamChunk>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
        });
    }

    public ProxyConnection Connection { get; }

    public StreamDirection Direction { get; }

    /// <summary>Used by toxics on the writer only (jitter, slice sizes): one thread at a time.</summary>
    public Random Random { get; }

    public long BytesIn { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var writer = Task.Run(() => WriteLoopAsync(cancellationToken), cancellationToken);
        try
        {
            await ReadOnDedicatedThreadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _queue.Writer.TryComplete();
            // The connection is being torn down; the writer's own failure adds nothing, but must be observed.
            _ = writer.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }

        // EOF: let queued chunks finish their toxics (held bytes are never dropped), then pass the close on.
        _queue.Writer.TryComplete();
        await writer.ConfigureAwait(false);
        await RunCloseToxicsAsync(cancellationToken).ConfigureAwait(false);
        _destination.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Runs <paramref name="chunk"/> through <paramref name="chain"/> from <paramref name="index"/>.</summary>
    public ValueTask RunChainAsync(StreamChunk chunk, ActiveToxic[] chain, int index, CancellationToken cancellationToken)
    {
        while (index < chain.Length)
        {
            var toxic = chain[index];
            var state = StateOf(toxic);
            if (state.Enabled && !toxic.IsRemoved)
            {
                var context = new ToxicContext(this, toxic, state.State, chain, index + 1);
                return toxic.Toxic.PipeAsync(chunk, context, cancellationToken);
            }

            index++;
        }

        return chunk.Length == 0 ? ValueTask.CompletedTask : SendAsync(chunk.Data, cancellationToken);
    }

    /// <summary>The toxic path's write: all of <paramref name="data"/>, in order (the reader never writes while
    /// a chunk is in the toxic path, so the two cannot interleave).</summary>
    private async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await _destination.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    /// <summary>A context for toxics that act on the connection rather than on a chunk.</summary>
    public ToxicContext? ContextFor(ActiveToxic toxic)
    {
        var state = StateOf(toxic);
        return state.Enabled ? new ToxicContext(this, toxic, state.State, [], 0) : null;
    }

    private ToxicLinkState StateOf(ActiveToxic toxic) =>
        _states.GetOrAdd(toxic, static (t, link) => new ToxicLinkState(
            // Toxiproxy's toxicity: the chance the toxic applies to a given connection, drawn once. The control
            // thread may draw too (connection toxics), so these draws have their own locked generator.
            t.Toxicity >= 1.0 || link.DrawToxicity() < t.Toxicity,
            t.Toxic is IStatefulToxic stateful ? stateful.CreateState() : null), this);

    private double DrawToxicity()
    {
        lock (_toxicityRandom)
        {
            return _toxicityRandom.NextDouble();
        }
    }

    /// <summary>The reader runs on a thread of its own with blocking socket calls: the kernel wakes it directly
    /// when data arrives (no epoll-thread → thread-pool hop per read), and it keeps moving bytes when the
    /// harness around it blocks or floods the shared thread pool (librdkafka Flush, consumers, checkers). Toxics
    /// still run on the pool: they wait on timers, and only when present.</summary>
    private Task ReadOnDedicatedThreadAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(
            () =>
            {
                try
                {
                    // Served like the network it stands in for (see ThreadPriority).
                    ThreadPriority.TryRaiseCurrentThread();
                    ReadLoop(cancellationToken);
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
            Name = $"proxy {Direction.ToString().ToLowerInvariant()} #{Connection.Id}",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>The reader's stack: its frames are shallow (toxics run on the writer), so a small reservation
    /// keeps per-connection address space bounded.</summary>
    private const int ReaderStackBytes = 256 * 1024;

    private void ReadLoop(CancellationToken cancellationToken)
    {
        // Blocking calls do not observe the token: unblock them the way a torn-down connection would.
        using var registration = cancellationToken.UnsafeRegister(static state => ((Link)state!).Unblock(), this);
        var time = Connection.Proxy.Server.TimeProvider;
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
                    WaitForData(ref buffer, cancellationToken);
                    drained = false;
                }

                // Under a toxic the reader holds at most a 64 KiB buffer (the documented bound per connection).
                var readBytes = IsFastPath ? FastReadBufferBytes : ReadBufferBytes;
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
                var held = readBytes == FastReadBufferBytes && heldBefore <= ReadBufferBytes ? heldBefore : 0;
                if (held > 0)
                {
                    _splitter!.CopyHeldTo(buffer);
                }

                var requested = Math.Min(buffer.Length, readBytes) - held;
                var read = _source.Receive(buffer, held, requested, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    WaitForData(ref buffer, cancellationToken);
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

                drained = read < requested;
                BytesIn += read;
                var now = time.GetTimestamp();
                if (_splitter is null)
                {
                    if (IsFastPath)
                    {
                        Send(buffer.AsSpan(0, read));
                        continue;
                    }

                    // Toxics see chunks of at most ReadBufferBytes in buffers of their own (the memory bound), also
                    // when a toxic arrived during a large read.
                    for (var offset = 0; offset < read; offset += ReadBufferBytes)
                    {
                        chunks.Add(StreamChunk.CopyOf(buffer.AsSpan(offset, Math.Min(ReadBufferBytes, read - offset)), now, null, false, false));
                    }
                }
                else if (IsFastPath)
                {
                    if (held == heldBefore)
                    {
                        ForwardObserved(buffer, held, read, now);
                    }
                    else
                    {
                        ForwardObservedCopying(buffer, read, now);
                    }
                    continue;
                }
                else
                {
                    // In slices, so no chunk exceeds ReadBufferBytes even when a toxic arrived during a large read.
                    for (var offset = 0; offset < read; offset += ReadBufferBytes)
                    {
                        // The splitter keeps its own copy of held bytes: feed it only the new ones.
                        _splitter.Split(buffer.AsSpan(held + offset, Math.Min(ReadBufferBytes, read - offset)), now, chunks);
                    }
                }

                try
                {
                    if (chunks.Count > 1 && IsFastPath)
                    {
                        // Frame-aligned chunks of one read, nothing to apply: one write instead of one per chunk.
                        WriteCoalesced(chunks);
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
    private void WaitForData(ref byte[]? buffer, CancellationToken cancellationToken)
    {
        if (buffer is not null)
        {
            ProxyBuffers.Pool.Return(buffer);
            buffer = null;
        }

        _source.Poll(-1, SelectMode.SelectRead);
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

    /// <summary>A blocking send of all of <paramref name="data"/>, in order.</summary>
    private void Send(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = _destination.Send(data, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                // The peer is not reading: wait until it does (backpressure on the source).
                _destination.Poll(-1, SelectMode.SelectWrite);
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
    private void ForwardObserved(byte[] buffer, int held, int read, long now)
    {
        _splitter!.Split(buffer.AsSpan(held, read), now, null);
        var length = held + read - _splitter.HeldBytes;
        if (length > 0)
        {
            Send(buffer.AsSpan(0, length));
        }
    }

    /// <summary><see cref="ForwardObserved"/> when the held header is not in front of the read (too long, or the
    /// read was made for a toxic that left meanwhile): held ++ read is assembled in a buffer of its own.</summary>
    private void ForwardObservedCopying(byte[] buffer, int read, long now)
    {
        var splitter = _splitter!;
        var heldBefore = splitter.HeldBytes;
        var combined = ProxyBuffers.Pool.Rent(heldBefore + read);
        try
        {
            splitter.CopyHeldTo(combined);
            buffer.AsSpan(0, read).CopyTo(combined.AsSpan(heldBefore));
            splitter.Split(buffer.AsSpan(0, read), now, null);
            var length = heldBefore + read - splitter.HeldBytes;
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

    /// <summary>Nothing queued and no toxics on this direction: the reader may write straight through.</summary>
    private bool IsFastPath => Volatile.Read(ref _inFlight) == 0 && Connection.Proxy.ToxicsFor(Direction).Length == 0;

    private void WriteCoalesced(List<StreamChunk> chunks)
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

    private void Forward(StreamChunk chunk, CancellationToken cancellationToken)
    {
        if (IsFastPath)
        {
            // Fast path: nothing queued, nothing to apply; the writer is idle so writing here keeps order.
            try
            {
                Send(chunk.Data.Span);
            }
            finally
            {
                chunk.ReturnBuffer();
            }

            return;
        }

        Interlocked.Increment(ref _inFlight);
        var write = _queue.Writer.WriteAsync(chunk, cancellationToken);
        if (!write.IsCompletedSuccessfully)
        {
            // The queue is full behind a slow toxic: this reader waits (backpressure), on its own thread.
            write.AsTask().GetAwaiter().GetResult();
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var chunk in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var chain = Connection.Proxy.ToxicsFor(Direction);
                await RunChainAsync(chunk, chain, 0, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                chunk.ReturnBuffer();
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private async Task RunCloseToxicsAsync(CancellationToken cancellationToken)
    {
        foreach (var toxic in Connection.Proxy.ToxicsFor(Direction))
        {
            if (toxic.Toxic is ICloseToxic && ContextFor(toxic) is { } context)
            {
                await ((ICloseToxic)toxic.Toxic).OnCloseAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed record ToxicLinkState(bool Enabled, object? State);
}
