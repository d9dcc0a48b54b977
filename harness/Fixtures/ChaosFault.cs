using KafkaChaos.Faults;

namespace KafkaChaos.Fixtures;

/// <summary>
/// A fault in effect. Heal it with <see cref="HealAsync"/>, or by disposing it (<c>await using</c>): healing is
/// idempotent, and disposal after an explicit heal does nothing.
/// </summary>
public sealed class ChaosFault : IAsyncDisposable
{
    private readonly IFault _fault;
    private readonly FaultContext _context;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _healed;

    internal ChaosFault(IFault fault, FaultContext context)
    {
        _fault = fault;
        _context = context;
        Description = fault.Describe();
    }

    /// <summary>What the injection did, e.g. "leaderKill: killed broker 2 (leader of p0)".</summary>
    public string Description { get; }

    /// <summary>Whether <see cref="HealAsync"/> has completed.</summary>
    public bool IsHealed => _healed;

    /// <summary>Undoes the fault (restarts killed brokers and waits until they are registered, removes toxics, resumes
    /// paused brokers); returns once done. A second call does nothing.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task HealAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_healed) return;
            await _fault.HealAsync(_context, cancellationToken).ConfigureAwait(false);
            _healed = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Heals the fault (<see cref="HealAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await HealAsync(CancellationToken.None).ConfigureAwait(false);

    /// <inheritdoc/>
    public override string ToString() => Description;
}
