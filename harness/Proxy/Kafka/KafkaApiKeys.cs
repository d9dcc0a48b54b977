using KafkaChaos.Protocol;

namespace KafkaChaos.Proxy.Kafka;

/// <summary>The api keys and version facts the proxy reads requests by. The facts themselves are data in
/// <see cref="KafkaMessageSpecs"/> (with the specs they came from); this is the proxy's view of them.</summary>
internal static class KafkaApiKeys
{
    public const short Produce = KafkaMessageSpecs.Produce;
    public const short Fetch = KafkaMessageSpecs.Fetch;
    public const short ControlledShutdown = KafkaMessageSpecs.ControlledShutdown;

    /// <summary>Header version: 0 for ControlledShutdown v0 (no client id), 2 for flexible versions of any api in
    /// the table, else 1; -1 for an api key not in the table (its client id is still read: v1 and v2 put it at
    /// the same place, and nothing after it is read).</summary>
    public static int RequestHeaderVersion(short apiKey, short apiVersion) => KafkaMessageSpecs.RequestHeaderVersion(apiKey, apiVersion) ?? -1;

    /// <summary>True when the proxy knows this api and version from the specs: for an api key not in the table, or a
    /// version above the newest one the specs list (a body field the proxy reads could have moved), it reads the
    /// header only and forwards the frame unchanged.</summary>
    public static bool IsKnown(short apiKey, short apiVersion) =>
        KafkaMessageSpecs.Find(apiKey) is { } spec && apiVersion <= spec.MaxVersion;
}
