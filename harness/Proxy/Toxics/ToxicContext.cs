using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>What a toxic may do on one direction of one connection: pass bytes on, wait (ending early when
/// the toxic changes), read its per-connection state, close or reset the connection.</summary>
internal sealed class ToxicContext
{
    private readonly Link _link;
    private readonly ActiveToxic _toxic;
    private readonly ActiveToxic[] _chain;
    private readonly int _nextIndex;

    internal ToxicContext(Link link, ActiveToxic toxic, object? state, ActiveToxic[] chain, int nextIndex)
    {
        _link = link;
        _toxic = toxic;
        State = state;
        _chain = chain;
        _nextIndex = nextIndex;
    }

    public string ProxyName => _link.Connection.Proxy.Name;

    public string ToxicName => _toxic.Name;

    public StreamDirection Direction => _link.Direction;

    /// <summary>This connection's state from <see cref="IStatefulToxic.CreateState"/>, else null.</summary>
    public object? State { get; }

    /// <summary>Seeded per connection and direction (the server seed is logged).</summary>
    public Random Random => _link.Random;

    public TimeProvider TimeProvider => _link.Connection.Proxy.Server.TimeProvider;

    /// <summary>The toxic's latest settings (it may have been updated while this chunk waited).</summary>
    public IToxic CurrentToxic => _toxic.Toxic;

    public bool IsRemoved => _toxic.IsRemoved;

    /// <summary>When the toxic was added or last updated.</summary>
    public long ActivatedTimestamp => _toxic.ActivatedTimestamp;

    public CancellationToken ChangedToken => _toxic.ChangedToken;

    /// <summary>Passes bytes to the next toxic, or to the destination socket after the last one.</summary>
    public ValueTask ForwardAsync(StreamChunk chunk, CancellationToken cancellationToken) =>
        _link.RunChainAsync(chunk, _chain, _nextIndex, cancellationToken);

    /// <summary>Waits <paramref name="delay"/>; returns false if the toxic was updated or removed first.</summary>
    public async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        var changed = ChangedToken;
        if (changed.IsCancellationRequested)
        {
            return false;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(changed, cancellationToken);
        try
        {
            await Task.Delay(delay, TimeProvider, linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Waits until the toxic is updated or removed (or <paramref name="timeout"/>, if not infinite).</summary>
    public Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        timeout == Timeout.InfiniteTimeSpan
            ? WaitForeverAsync(cancellationToken)
            : DelayAsync(timeout, cancellationToken);

    /// <summary>Counts one use across all connections; false when <paramref name="limit"/> is reached (&lt;= 0: none).</summary>
    public bool TryConsumeUse(long limit) => _toxic.TryConsumeUse(limit);

    /// <summary>Flushes what was written and closes both sides (FIN).</summary>
    public void CloseConnection(string reason) => _link.Connection.Close($"{_toxic.Name}: {reason}");

    /// <summary>Closes both sides with a TCP RST.</summary>
    public void ResetConnection(string reason) => _link.Connection.Reset($"{_toxic.Name}: {reason}");

    public void Log(string message) => _link.Connection.Proxy.Server.Log($"[{ProxyName}/{_toxic.Name}] {message}");

    private async Task<bool> WaitForeverAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ChangedToken, cancellationToken);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        return false;
    }
}
