namespace KafkaChaos.Proxy.Kafka;

/// <summary>What the proxy reads of a request frame: the header plus the one body field some toxics need.</summary>
/// <param name="ReplicaId">Fetch only: the body's replica_id (-1 for consumers, broker id for followers);
/// null for other apis and for Fetch v15+ (see <see cref="KafkaApiKeys.FetchFirstReplicaStateVersion"/>).</param>
/// <param name="Acks">Produce only: acks; 0 means the broker sends no response.</param>
public sealed record KafkaRequestHeader(
    short ApiKey,
    short ApiVersion,
    int CorrelationId,
    string? ClientId,
    int HeaderVersion,
    int? ReplicaId,
    short? Acks)
{
    /// <summary>False only for Produce with acks=0, which Kafka never answers.</summary>
    public bool ExpectsResponse => !(ApiKey == KafkaApiKeys.Produce && Acks == 0);
}
