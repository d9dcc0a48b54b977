namespace KafkaChaos.Scenarios;

/// <summary>The nemesis vocabulary: each kind is an inject/heal pair implemented by the runner's Faults/.</summary>
internal enum FaultKind
{
    /// <summary>SIGKILL the partition's current leader broker; heal restarts it.</summary>
    LeaderKill,
    /// <summary>SIGKILL the targeted broker(s); heal restarts them.</summary>
    BrokerKill,
    /// <summary>SIGSTOP the targeted broker(s); heal resumes them.</summary>
    BrokerPause,
    /// <summary>Blackhole every link to and from the targeted broker(s) (clients, replication, ZooKeeper).</summary>
    IsolateBroker,
    /// <summary>Drop the response to the next <c>params.count</c> Produce requests after the broker appended them, then cut the connection.</summary>
    NetworkCutAfterAppend,
    /// <summary>Drop the next <c>params.count</c> Produce requests before the broker sees them (no append, no response): the client times them out and retries while later requests pass.</summary>
    DropProduceRequest,
    /// <summary>Hold replica Fetch requests of the targeted follower(s): clients are unaffected.</summary>
    StallReplicaFetch,
    /// <summary>Hold the targeted follower(s)' replica fetches until healed; the injection completes only once the leader has dropped them from the ISR, so the next trigger sees the shrunken ISR.</summary>
    FollowerOutOfIsr,
    /// <summary>SIGKILL the targeted consumer worker (a child process); heal starts a new one in the same group.</summary>
    ConsumerCrash,
    /// <summary>SIGKILL the targeted producer worker with unsent messages in its buffer.</summary>
    ProducerCrash,
    /// <summary>Lose the unflushed page cache of the targeted brokers (power loss).</summary>
    PageCacheLoss,
    /// <summary>Blackhole the client links of every broker: nothing is reachable.</summary>
    BrokersUnreachable,
    /// <summary>Reset every client connection, and each new one at its first request, until healed: in-flight requests fail and consume retries.</summary>
    ConnectionBlip,
    /// <summary>Make the targeted producer send <c>params.count</c> messages of <c>params.bytes</c> bytes.</summary>
    OversizedMessages,
    /// <summary>Reset the targeted consumer group's committed offsets (<c>params.to</c>: earliest | beforeLoss) and restart its consumers.</summary>
    OffsetReset,
}
