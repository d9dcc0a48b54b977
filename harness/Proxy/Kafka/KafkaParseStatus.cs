namespace KafkaChaos.Proxy.Kafka;

/// <summary>Outcome of parsing a frame prefix.</summary>
internal enum KafkaParseStatus
{
    Complete,
    NeedMore,
    Malformed,
}
