namespace KafkaChaos.Scenarios;

/// <summary>
/// The registry of fault kinds: one <see cref="FaultKindInfo"/> per <see cref="FaultKind"/>, registered once here.
/// Adding a kind: its enum member, its entry below, its inject/heal (Faults/ for broker and network kinds, registered
/// in <c>Nemesis</c>; the runner for worker kinds), its <c>scenario.schema.json</c> entry. A test fails when a kind has
/// no entry or the schema's parameters differ.
/// </summary>
internal static class FaultKinds
{
    private static readonly TargetKind[] AnyBroker = [TargetKind.Leader, TargetKind.Followers, TargetKind.Isr, TargetKind.AllBrokers, TargetKind.Broker];
    private static readonly TargetKind[] ProduceTargets = [TargetKind.Leader, TargetKind.AllBrokers, TargetKind.Broker];
    private static readonly TargetKind[] FollowerTargets = [TargetKind.Followers, TargetKind.Broker];

    private static readonly FaultParameter Count = FaultParameter.Number("count", 1, "how many Produce requests it bites (default 1)");
    private static readonly FaultParameter TimeoutMs = FaultParameter.Number("timeoutMs", 1,
        "how long the injection waits for its effect, ms (default 30000; followerOutOfIsr at least 5 × replica.lag.time.max.ms)");

    private static readonly Dictionary<FaultKind, FaultKindInfo> Registry = new[]
    {
        new FaultKindInfo { Kind = FaultKind.LeaderKill, Targets = [TargetKind.Leader] },
        new FaultKindInfo { Kind = FaultKind.BrokerKill, Targets = AnyBroker },
        new FaultKindInfo { Kind = FaultKind.BrokerPause, Targets = AnyBroker },
        new FaultKindInfo { Kind = FaultKind.IsolateBroker, Targets = AnyBroker },
        new FaultKindInfo { Kind = FaultKind.NetworkCutAfterAppend, Targets = ProduceTargets, Parameters = [Count], MustBite = true },
        new FaultKindInfo
        {
            Kind = FaultKind.DropProduceRequest, Targets = ProduceTargets, MustBite = true,
            Parameters = [Count, FaultParameter.Flag("cut", "cut the connection after swallowing a request (default true)")],
        },
        new FaultKindInfo { Kind = FaultKind.StallReplicaFetch, Targets = FollowerTargets, Parameters = [TimeoutMs], MustBite = true },
        new FaultKindInfo { Kind = FaultKind.FollowerOutOfIsr, Targets = FollowerTargets, Parameters = [TimeoutMs], MustBite = true },
        new FaultKindInfo { Kind = FaultKind.ConsumerCrash, Targets = [TargetKind.Consumer, TargetKind.Group], NeedsConsumers = true },
        new FaultKindInfo { Kind = FaultKind.ProducerCrash, Targets = [TargetKind.Producer] },
        new FaultKindInfo { Kind = FaultKind.PageCacheLoss, Targets = AnyBroker },
        new FaultKindInfo { Kind = FaultKind.BrokersUnreachable, Targets = [TargetKind.AllBrokers] },
        new FaultKindInfo { Kind = FaultKind.ConnectionBlip, Targets = ProduceTargets },
        new FaultKindInfo
        {
            Kind = FaultKind.OversizedMessages, Targets = [TargetKind.Producer], RequiredParameters = ["bytes"],
            Parameters =
            [
                FaultParameter.Number("count", 1, "how many oversized messages (default 1)"),
                FaultParameter.Number("bytes", 1, "the size of each, bytes (required)"),
            ],
        },
        new FaultKindInfo
        {
            Kind = FaultKind.OffsetReset, Targets = [TargetKind.Group], NeedsConsumers = true,
            Parameters = [FaultParameter.Word("to", "where the group's committed offsets go (default earliest)", "earliest")],
        },
    }.ToDictionary(k => k.Kind);

    /// <summary>Every registered kind, in enum order.</summary>
    public static IReadOnlyList<FaultKindInfo> All { get; } = Enum.GetValues<FaultKind>().Where(Registry.ContainsKey).Select(k => Registry[k]).ToList();

    /// <summary>The entry of <paramref name="kind"/>.</summary>
    public static FaultKindInfo Of(FaultKind kind) =>
        Registry.TryGetValue(kind, out var info) ? info : throw new NotSupportedException($"Fault kind {kind} is not registered in {nameof(FaultKinds)}.");
}
