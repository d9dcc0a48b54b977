namespace KafkaChaos.Proxy.Kafka;

/// <summary>The few Kafka api keys and version thresholds the proxy needs to know.</summary>
public static class KafkaApiKeys
{
    public const short Produce = 0;
    public const short Fetch = 1;
    public const short ControlledShutdown = 7;

    /// <summary>First flexible (header v2, compact strings, tagged fields) Produce version.</summary>
    public const short ProduceFirstFlexibleVersion = 9;

    /// <summary>First flexible Fetch version.</summary>
    public const short FetchFirstFlexibleVersion = 12;

    /// <summary>From Fetch v15 (KIP-903) the replica id moved out of the body's first field into the
    /// ReplicaState tagged field at the end of the body, so such requests are read whole (they are small).</summary>
    public const short FetchFirstReplicaStateVersion = 15;

    /// <summary>Request header version: 0 for ControlledShutdown v0 (no client id), 2 for flexible
    /// Produce/Fetch versions, else 1. Flexible versions of other apis are reported as 1: the proxy only
    /// reads past the header of Produce and Fetch, so their tagged header fields never matter.</summary>
    public static int RequestHeaderVersion(short apiKey, short apiVersion) => apiKey switch
    {
        ControlledShutdown when apiVersion == 0 => 0,
        Produce when apiVersion >= ProduceFirstFlexibleVersion => 2,
        Fetch when apiVersion >= FetchFirstFlexibleVersion => 2,
        _ => 1,
    };
}
