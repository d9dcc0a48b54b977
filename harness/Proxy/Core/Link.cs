using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Channels;
using KafkaChaos.Proxy.Kafka;
using KafkaChaos.Proxy.Toxics;

namespace KafkaChaos.Proxy.Core;

/// <summary>One direction of one connection: a <see cref="LinkReader"/> that cuts the source into chunks
/// (frame-aligned on Kafka proxies) and a writer that runs them through the direction's toxics in order. With no
/// toxics and nothing queued the reader writes straight through.</summary>
internal sealed class Link
{
    /// <summary>Read size while toxics apply; also the largest chunk a toxic sees.</summary>
    public const int ReadBufferBytes = 64 * 1024;

    /// <summary>Chunks queued behind a slow toxic before the reader stops reading (backpressure): bounds memory
    /// per direction to about QueueCapacity × ReadBufferBytes.</summary>
    public const int QueueCapacity = 4;

    private readonly Socket _destination;
    private readonly LinkReader _reader;
    private readonly Channel<StreamChunk> _queue;
    private readonly ConcurrentDictionary<ActiveToxic, ToxicLinkState> _states = new(ReferenceEqualityComparer.Instance);
    private readonly Random _toxicityRandom;
    private int _inFlight;

    public Link(ProxyConnection connection, StreamDirection direction, Socket source, Socket destination, KafkaFrameSplitter? splitter)
    {
        Connection = connection;
        Direction = direction;
        _destination = destination;
        _reader = new LinkReader(this, source, destination, splitter);
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

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var writer = Task.Run(() => WriteLoopAsync(cancellationToken), cancellationToken);
        try
        {
            await _reader.RunAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Nothing queued and no toxics on this direction: the reader may write straight through.</summary>
    public bool IsFastPath => Volatile.Read(ref _inFlight) == 0 && Connection.Proxy.ToxicsFor(Direction).Length == 0;

    /// <summary>Queues <paramref name="chunk"/> for the toxic writer; blocks the reader's thread while the queue is
    /// full behind a slow toxic (backpressure).</summary>
    public void Enqueue(StreamChunk chunk, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        var write = _queue.Writer.WriteAsync(chunk, cancellationToken);
        if (!write.IsCompletedSuccessfully)
        {
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
