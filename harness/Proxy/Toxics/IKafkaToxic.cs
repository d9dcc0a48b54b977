namespace KafkaChaos.Proxy.Toxics;

/// <summary>Optional capability: the toxic needs Kafka framing (Protocol=Kafka proxies only) and acts on one
/// stream: requests (upstream) or responses (downstream), which is also its default stream.</summary>
internal interface IKafkaToxic
{
    StreamDirection Stream { get; }
}
