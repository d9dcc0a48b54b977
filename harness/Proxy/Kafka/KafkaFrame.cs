namespace KafkaChaos.Proxy.Kafka;

/// <summary>One Kafka frame as seen by the proxy; every chunk of the frame carries the same instance.</summary>
/// <param name="IsResponse">False for requests (upstream), true for responses (downstream).</param>
/// <param name="PayloadLength">The 4-byte size field: bytes after it.</param>
/// <param name="CorrelationId">Null when the frame was too short to hold one.</param>
/// <param name="Request">For a request its parsed header; for a response the header of the request it answers
/// (paired by correlation id); null when unparseable or unpaired.</param>
internal sealed record KafkaFrame(bool IsResponse, int PayloadLength, int? CorrelationId, KafkaRequestHeader? Request)
{
    public short? ApiKey => Request?.ApiKey;
}
