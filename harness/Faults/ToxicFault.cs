using System.Diagnostics;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// What every fault made of proxy toxics shares: one injection at a time, the inject and heal log lines, uses, and a
/// heal that removes every toxic the injection added (even after a half-done injection) and then cuts the connections
/// through every proxy it blackholed (<see cref="ProxyConnections"/>). A kind states which toxics it adds and when
/// it is in effect, in <see cref="AddToxicsAsync"/>.
/// </summary>
/// <param name="spec">The fault's schedule entry.</param>
/// <param name="uses">What one use of its toxics is, plural, for log lines: "resets", "held fetches".</param>
internal abstract class ToxicFault(FaultSpec spec, string uses) : IToxicFault
{
    private readonly HashSet<string> _toCut = [];
    private string? _done;

    public FaultSpec Spec { get; } = spec;

    /// <summary>The toxics this fault has added and not yet removed.</summary>
    private protected ToxicSet Toxics { get; } = new(spec.Name);

    public async Task InjectAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (Toxics.Toxics.Count > 0) throw new InvalidOperationException($"Fault {Spec.Name} is already injected: {_done}.");
        var clock = Stopwatch.StartNew();
        _done = await AddToxicsAsync(context, clock, cancellationToken);
        FaultLog.Write(context, Spec, "inject", _done, clock);
    }

    /// <summary>Adds the toxics through <see cref="Toxics"/> and returns once they are in effect, saying what was done.</summary>
    private protected abstract Task<string> AddToxicsAsync(FaultContext context, Stopwatch clock, CancellationToken cancellationToken);

    public async Task HealAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var used = await GetUsesAsync(context, cancellationToken);
        _toCut.UnionWith(Toxics.Blackholed);
        var cut = _toCut.Order(StringComparer.Ordinal).ToList();
        var removed = await Toxics.RemoveAllAsync(context.Cluster.Faults, cancellationToken);
        await ProxyConnections.CutAsync(context.Cluster.Faults, _toCut, cancellationToken);
        var what = removed == 0 ? "no toxic left to remove" : $"removed {removed} toxic(s) after {used} {uses}";
        if (cut.Count > 0) what += $", cut the connections through {string.Join(", ", cut)}";
        what += await AfterHealAsync(context, cancellationToken);
        FaultLog.Write(context, Spec, "heal", what, clock);
    }

    /// <summary>What a kind waits for once its toxics are gone, said as a suffix of the heal's log line (or "").</summary>
    private protected virtual Task<string> AfterHealAsync(FaultContext context, CancellationToken cancellationToken) => Task.FromResult("");

    public Task<long> GetUsesAsync(FaultContext context, CancellationToken cancellationToken) => Toxics.UsesAsync(context.Cluster.Faults, cancellationToken);

    public Task WaitForUsesAsync(FaultContext context, long count, TimeSpan timeout, CancellationToken cancellationToken) =>
        UsesWait.UntilAsync(ct => GetUsesAsync(context, ct), count, timeout, $"{Spec.Name}'s {uses}", cancellationToken);

    public string Describe() => $"{ScenarioKeys.EnumText(Spec.Fault)}: {_done ?? $"{TargetResolution.DescribeRole(Spec)} (not injected)"}";
}
