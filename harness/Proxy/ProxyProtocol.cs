namespace KafkaChaos.Proxy;

/// <summary>What a proxy understands of the bytes it forwards.</summary>
internal enum ProxyProtocol
{
    /// <summary>Plain TCP: byte toxics only (ZooKeeper links, anything not Kafka).</summary>
    Tcp,

    /// <summary>Kafka wire protocol: frames are parsed so Kafka-aware toxics can target protocol events.</summary>
    Kafka,
}
