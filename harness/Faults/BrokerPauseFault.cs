using System.Diagnostics;
using KafkaChaos.Cluster;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// <see cref="FaultKind.BrokerPause"/>: SIGSTOP the targeted brokers (default: the leader at injection time), like a
/// long GC pause: sockets stay open, nothing answers, and after the ZooKeeper session timeout the cluster drops
/// them. In effect once signalled. Heal sends SIGCONT to those this fault paused that are still paused.
/// </summary>
internal sealed class BrokerPauseFault(FaultSpec spec) : IFault
{
    private readonly List<int> _paused = [];
    private string? _done;

    public FaultSpec Spec { get; } = spec;

    public async Task InjectAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (_paused.Count > 0) throw new InvalidOperationException($"Fault {Spec.Name} is already injected: {_done}.");
        var clock = Stopwatch.StartNew();
        var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: false, cancellationToken);
        foreach (var id in target.BrokerIds)
        {
            _paused.Add(id);
            await context.Cluster.PauseBrokerAsync(id, cancellationToken);
        }
        _done = $"paused {FaultLog.Brokers(target.BrokerIds)}{target.RoleSuffix}";
        FaultLog.Write(context, Spec, "inject", _done, clock);
    }

    public async Task HealAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var resumed = new List<int>();
        foreach (var id in _paused.ToList())
        {
            if (context.Cluster.Broker(id).State == BrokerState.Paused)
            {
                await context.Cluster.ResumeBrokerAsync(id, cancellationToken);
                resumed.Add(id);
            }
            _paused.Remove(id);
        }
        FaultLog.Write(context, Spec, "heal", resumed.Count == 0 ? "nothing to resume" : $"resumed {FaultLog.Brokers(resumed)}", clock);
    }

    public string Describe() => $"{ScenarioKeys.EnumText(Spec.Fault)}: {_done ?? $"{TargetResolution.DescribeRole(Spec)} (not injected)"}";
}
