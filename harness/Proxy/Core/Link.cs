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
    /// <summary>Read size; also the largest chunk a toxic sees.</summary>
    public const int ReadBufferBytes = 64 * 1024;

    /// <summary>Chunks queued behind a slow toxic before the reader stops reading (backpressure): bounds memory
    /// per direction to about QueueCapacity × ReadBufferBytes.</summary>
    public const int QueueCapacity = 4;

    private readonly Socket _source;
    private readonly Socket _destination;
    private readonly NetworkStream _sourceStream;
    private readonly NetworkStream _destinationStream;
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
        _sourceStream = new NetworkStream(source, ownsSocket: false);
        _destinationStream = new NetworkStream(destination, ownsSocket: false);
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
            await ReadLoopAsync(cancellationToken).ConfigureAwait(false);
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

        return chunk.Length == 0 ? ValueTask.CompletedTask : _destinationStream.WriteAsync(chunk.Data, cancellationToken);
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

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var time = Connection.Proxy.Server.TimeProvider;
        var chunks = new List<StreamChunk>();
        while (true)
        {
            // Wait for data before taking a buffer, so an idle connection holds none (as Kestrel does).
            await _source.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
            int read;
            try
            {
                read = await _sourceStream.ReadAsync(buffer.AsMemory(0, ReadBufferBytes), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }

            if (read == 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                if (_splitter?.HeldBytes is > 0 and var held)
                {
                    // A truncated frame header at EOF: pass it on as it is rather than lose it.
                    var tail = ArrayPool<byte>.Shared.Rent(held);
                    _splitter.CopyHeldTo(tail);
                    await ForwardAsync(new StreamChunk(tail, tail.AsMemory(0, held), time.GetTimestamp(), null, false, false), cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            BytesIn += read;
            var now = time.GetTimestamp();
            if (_splitter is null)
            {
                chunks.Add(new StreamChunk(buffer, buffer.AsMemory(0, read), now, null, false, false));
            }
            else if (IsFastPath)
            {
                await ForwardObservedAsync(buffer, read, now, cancellationToken).ConfigureAwait(false);
                continue;
            }
            else
            {
                _splitter.Split(buffer.AsSpan(0, read), now, chunks);
                ArrayPool<byte>.Shared.Return(buffer);
            }

            try
            {
                if (chunks.Count > 1 && IsFastPath)
                {
                    // Frame-aligned chunks of one read, nothing to apply: one write instead of one per chunk.
                    await WriteCoalescedAsync(chunks, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    foreach (var chunk in chunks)
                    {
                        await ForwardAsync(chunk, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                chunks.Clear();
            }
        }
    }

    /// <summary>Kafka fast path: the splitter only tracks frames and pairing (no chunks, no copies) and the read
    /// buffer is written as is, minus a header still being parsed at its end (held for the next read), plus a
    /// header held from the previous read in front.</summary>
    private async ValueTask ForwardObservedAsync(byte[] buffer, int read, long now, CancellationToken cancellationToken)
    {
        var splitter = _splitter!;
        var heldBefore = splitter.HeldBytes;
        byte[]? combined = null;
        if (heldBefore > 0)
        {
            combined = ArrayPool<byte>.Shared.Rent(heldBefore + read);
            splitter.CopyHeldTo(combined);
            buffer.AsSpan(0, read).CopyTo(combined.AsSpan(heldBefore));
        }

        try
        {
            splitter.Split(buffer.AsSpan(0, read), now, null);
            // What the splitter let go: the first (held before + read - held now) bytes of held-before ++ read.
            var length = heldBefore + read - splitter.HeldBytes;
            if (length > 0)
            {
                var source = combined ?? buffer;
                await _destinationStream.WriteAsync(source.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (combined is not null)
            {
                ArrayPool<byte>.Shared.Return(combined);
            }
        }
    }

    /// <summary>Nothing queued and no toxics on this direction: the reader may write straight through.</summary>
    private bool IsFastPath => Volatile.Read(ref _inFlight) == 0 && Connection.Proxy.ToxicsFor(Direction).Length == 0;

    private async ValueTask WriteCoalescedAsync(List<StreamChunk> chunks, CancellationToken cancellationToken)
    {
        var total = 0;
        foreach (var chunk in chunks)
        {
            total += chunk.Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, total));
        try
        {
            var offset = 0;
            foreach (var chunk in chunks)
            {
                chunk.Data.Span.CopyTo(buffer.AsSpan(offset));
                offset += chunk.Length;
                chunk.ReturnBuffer();
            }

            await _destinationStream.WriteAsync(buffer.AsMemory(0, total), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask ForwardAsync(StreamChunk chunk, CancellationToken cancellationToken)
    {
        if (IsFastPath)
        {
            // Fast path: nothing queued, nothing to apply; the writer is idle so writing here keeps order.
            try
            {
                await _destinationStream.WriteAsync(chunk.Data, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                chunk.ReturnBuffer();
            }

            return;
        }

        Interlocked.Increment(ref _inFlight);
        await _queue.Writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
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
