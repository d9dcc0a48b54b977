namespace KafkaChaos.Scenarios;

/// <summary>What a fault acts on.</summary>
internal enum TargetKind
{
    /// <summary>Nothing stated: the fault's natural target (the leader for <see cref="FaultKind.LeaderKill"/>, every broker for <see cref="FaultKind.BrokersUnreachable"/>, ...).</summary>
    Default,
    /// <summary>The partition's leader at injection time.</summary>
    Leader,
    /// <summary>The partition's followers at injection time.</summary>
    Followers,
    /// <summary>The partition's in-sync replicas (leader included) at injection time.</summary>
    Isr,
    /// <summary>Every broker.</summary>
    AllBrokers,
    /// <summary>One broker by id.</summary>
    Broker,
    /// <summary>One consumer worker by index (in declaration order across consumer profiles).</summary>
    Consumer,
    /// <summary>One producer worker by index (in declaration order across producer profiles).</summary>
    Producer,
    /// <summary>A consumer group by name.</summary>
    Group,
}
