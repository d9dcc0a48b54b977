using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>Builds the fault for a <see cref="FaultSpec"/>: the broker and network kinds. Worker kinds (consumer and
/// producer crashes, oversized messages, offset resets) are the runner's. Page-cache loss needs lazy data directories.</summary>
internal static class Nemesis
{
    /// <summary>The kinds <see cref="Create"/> implements.</summary>
    public static IReadOnlySet<FaultKind> Supported { get; } = new HashSet<FaultKind>
    {
        FaultKind.LeaderKill,
        FaultKind.BrokerKill,
        FaultKind.BrokerPause,
        FaultKind.IsolateBroker,
        FaultKind.NetworkCutAfterAppend,
        FaultKind.DropProduceRequest,
        FaultKind.StallReplicaFetch,
        FaultKind.FollowerOutOfIsr,
        FaultKind.BrokersUnreachable,
        FaultKind.ConnectionBlip,
        FaultKind.PageCacheLoss,
    };

    /// <exception cref="NotSupportedException">A worker kind.</exception>
    public static IFault Create(FaultSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Fault switch
        {
            FaultKind.LeaderKill or FaultKind.BrokerKill => new BrokerKillFault(spec),
            FaultKind.BrokerPause => new BrokerPauseFault(spec),
            FaultKind.IsolateBroker => new IsolateBrokerFault(spec),
            FaultKind.NetworkCutAfterAppend => ProduceToxicFault.NetworkCutAfterAppend(spec),
            FaultKind.DropProduceRequest => ProduceToxicFault.DropProduceRequest(spec),
            FaultKind.StallReplicaFetch or FaultKind.FollowerOutOfIsr => new StallReplicaFetchFault(spec),
            FaultKind.BrokersUnreachable => new BrokersUnreachableFault(spec),
            FaultKind.ConnectionBlip => new ConnectionBlipFault(spec),
            FaultKind.PageCacheLoss => new PageCacheLossFault(spec),
            FaultKind.ConsumerCrash or FaultKind.ProducerCrash or FaultKind.OversizedMessages or FaultKind.OffsetReset =>
                throw new NotSupportedException($"{ScenarioKeys.EnumText(spec.Fault)} acts on a worker: the runner injects it, not the nemesis."),
            _ => throw new NotSupportedException($"{ScenarioKeys.EnumText(spec.Fault)} is not implemented by the nemesis."),
        };
    }
}
