namespace KafkaChaos.Proxy.Kafka;

/// <summary>What the proxy reads of a request frame: the header plus the one body field some toxics need. A value, so
/// the proxy keeps it per frame and per pending request without allocating on the no-toxic path.</summary>
/// <param name="ReplicaId">Fetch only: the replica id (-1 for consumers, broker id for followers), from the
/// body's first field before v15 and from the ReplicaState tagged field from v15; null for other apis and for
/// Fetch v15+ requests larger than <see cref="KafkaHeaderParser.MaxFetchProbeBytes"/> or that do not parse, and for
/// Fetch versions newer than the proxy's spec table.</param>
/// <param name="Acks">Produce only: acks; 0 means the broker sends no response. Null for Produce versions newer
/// than the spec table (such a request is expected to be answered).</param>
/// <param name="HeaderVersion">0, 1 or 2; -1 for an api key not in the spec table.</param>
internal readonly record struct KafkaRequestHeader(
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
