namespace KafkaChaos.Scenarios;

/// <summary>The cluster a scenario needs. Settings the harness always writes explicitly, because defaults changed across Kafka versions.</summary>
internal sealed record ClusterSpec
{
    /// <summary>Number of brokers, numbered 1..N. Default 3.</summary>
    public int Brokers { get; init; } = 3;

    /// <summary>Replication factor of the scenario's topic (≤ <see cref="Brokers"/>). Default 3.</summary>
    public int ReplicationFactor { get; init; } = 3;

    /// <summary><c>min.insync.replicas</c> (broker and topic). May exceed the replication factor: legal, writes with acks=all then fail. Default 1.</summary>
    public int MinInsyncReplicas { get; init; } = 1;

    /// <summary><c>unclean.leader.election.enable</c>, always written (its default was true before 0.11, false after). Default false.</summary>
    public bool UncleanLeaderElection { get; init; }

    /// <summary>Raw <c>server.properties</c> entries applied last. Default empty.</summary>
    public IReadOnlyDictionary<string, string> BrokerOverrides { get; init; } = Empty.Map;
}
