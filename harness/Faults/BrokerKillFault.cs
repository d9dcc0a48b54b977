using System.Diagnostics;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// <see cref="FaultKind.LeaderKill"/> and <see cref="FaultKind.BrokerKill"/>: kill -9 the targeted brokers (default:
/// the partition's leader at injection time). In effect once the processes are gone; the election of a new leader
/// is the cluster's business (await it with <c>WaitForLeaderChangeAsync</c>). Heal starts every broker this fault
/// killed that is not running and waits until each is registered.
/// </summary>
internal sealed class BrokerKillFault(FaultSpec spec) : IFault
{
    private readonly List<int> _killed = [];
    private string? _done;

    public FaultSpec Spec { get; } = spec;

    public async Task InjectAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (_killed.Count > 0) throw new InvalidOperationException($"Fault {Spec.Name} is already injected: {_done}.");
        var clock = Stopwatch.StartNew();
        var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: false, cancellationToken);
        foreach (var id in target.BrokerIds)
        {
            _killed.Add(id);
            await context.Cluster.KillBrokerAsync(id, cancellationToken);
        }
        _done = $"killed {FaultLog.Brokers(target.BrokerIds)}{target.RoleSuffix}";
        FaultLog.Write(context, Spec, "inject", _done, clock);
    }

    public async Task HealAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var restarted = new List<int>();
        foreach (var id in _killed.ToList())
        {
            if (context.Cluster.Broker(id).Pid is null)
            {
                await context.Cluster.StartBrokerAsync(id, cancellationToken);
                restarted.Add(id);
            }
            _killed.Remove(id);
        }
        FaultLog.Write(context, Spec, "heal", restarted.Count == 0 ? "nothing to restart" : $"restarted {FaultLog.Brokers(restarted)}, registered", clock);
    }

    public string Describe() => $"{ScenarioKeys.EnumText(Spec.Fault)}: {_done ?? $"{TargetResolution.DescribeRole(Spec)} (not injected)"}";
}
