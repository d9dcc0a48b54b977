namespace KafkaChaos.Proxy;

/// <summary>Toxiproxy's <c>stream</c>: which half of a connection a toxic acts on.</summary>
internal enum StreamDirection
{
    /// <summary>Client → upstream server (Kafka requests).</summary>
    Upstream,

    /// <summary>Upstream server → client (Kafka responses). Toxiproxy's default.</summary>
    Downstream,
}
