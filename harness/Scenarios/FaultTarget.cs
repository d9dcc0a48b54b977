namespace KafkaChaos.Scenarios;

/// <summary>
/// What a fault acts on. YAML: <c>{ role: leader | followers | isr | all, count: 1 }</c>, <c>{ broker: 2 }</c>, <c>{ consumer: 0 }</c>,
/// <c>{ producer: 0 }</c> or <c>{ group: g1 }</c>, each with an optional <c>partition</c> (default 0).
/// </summary>
/// <param name="Kind">Default <see cref="TargetKind.Default"/> (the fault's natural target).</param>
/// <param name="Index">Broker id (1..brokers), consumer or producer worker index (0-based); null otherwise.</param>
/// <param name="Group">Consumer group name for <see cref="TargetKind.Group"/>.</param>
/// <param name="Partition">The partition whose leader/followers are meant. Default 0.</param>
/// <param name="Count">For a role: how many of its brokers, lowest id first. Default null (all of them).</param>
internal sealed record FaultTarget(TargetKind Kind = TargetKind.Default, int? Index = null, string? Group = null, int Partition = 0, int? Count = null)
{
    /// <summary>The fault's natural target on partition 0.</summary>
    public static FaultTarget Default { get; } = new();

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        TargetKind.Default => "default",
        TargetKind.Leader => $"leader of p{Partition}",
        TargetKind.Followers => Count is null ? $"followers of p{Partition}" : $"{Count} follower(s) of p{Partition}",
        TargetKind.Isr => $"ISR of p{Partition}",
        TargetKind.AllBrokers => "all brokers",
        TargetKind.Broker => $"broker {Index}",
        TargetKind.Consumer => $"consumer {Index}",
        TargetKind.Producer => $"producer {Index}",
        TargetKind.Group => $"group {Group}",
        _ => Kind.ToString(),
    };
}
