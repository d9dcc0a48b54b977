using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>
/// One fault of the nemesis: an inject/heal pair over the cluster and its fault proxies. Targets are resolved
/// against the partition's state at injection time (the leader then, its followers then) and remembered, so the
/// heal undoes exactly what the injection did even if leadership has moved since.
/// </summary>
internal interface IFault
{
    FaultSpec Spec { get; }

    /// <summary>Returns once the fault is in effect (what "in effect" means is stated per kind).</summary>
    Task InjectAsync(FaultContext context, CancellationToken cancellationToken);

    /// <summary>Undoes the injection. Idempotent, and safe after a failed or partial injection or none at all.</summary>
    Task HealAsync(FaultContext context, CancellationToken cancellationToken);

    /// <summary>What the fault did, e.g. "leaderKill: killed broker 2 (leader of p0)"; before injection, what it will target.</summary>
    string Describe();
}
