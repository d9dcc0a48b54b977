namespace KafkaChaos.Proxy.Kafka;

/// <summary>Outcome of parsing a frame prefix.</summary>
public enum KafkaParseStatus
{
    Complete,
    NeedMore,
    Malformed,
}
