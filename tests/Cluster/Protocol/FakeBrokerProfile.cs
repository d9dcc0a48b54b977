using KafkaChaos.Protocol;

namespace KafkaChaos.Tests.Cluster.Protocol;

/// <summary>What a <see cref="FakeKafkaBroker"/> advertises and serves. <see cref="ApiVersions"/> null means a broker
/// before 0.10: it has no ApiVersions api and serves Metadata v0 only. A refused request closes the connection,
/// or, with <see cref="SilentOnRefusal"/>, is never answered while the connection stays open.</summary>
internal sealed record FakeBrokerProfile(string Name, IReadOnlyList<ApiVersionRange>? ApiVersions, bool SilentOnRefusal = false)
{
    /// <summary>A broker before 0.10 that closes the connection on ApiVersions (KIP-35 came in 0.10.0).</summary>
    public static FakeBrokerProfile Pre010Closing { get; } = new("pre-0.10, closes", null);

    /// <summary>What Kafka 0.9.0.1 does (seen in its server.log): ApiVersions makes its network processor throw
    /// ("Processor got uncaught exception", ArrayIndexOutOfBoundsException in ApiKeys.forId) and the request is
    /// never answered; the connection stays open.</summary>
    public static FakeBrokerProfile Kafka0901 { get; } = new("0.9.0.1", null, SilentOnRefusal: true);

    /// <summary>The ranges a Kafka 4.1 broker serves for the apis here (ApiVersionsRequest.json 0-4,
    /// MetadataRequest.json 0-13, FetchRequest.json 4-18, Produce listed from 0 per KAFKA-18659); Metadata is
    /// narrowed to 4-13, as the issue reads KIP-896, so a request below v4 is refused (the connection closed).</summary>
    public static FakeBrokerProfile Kafka41 { get; } = new("4.1",
    [
        new(KafkaMessageSpecs.Produce, 0, 13), new(KafkaMessageSpecs.Fetch, 4, 18),
        new(KafkaMessageSpecs.Metadata, 4, 13), new(KafkaMessageSpecs.ApiVersions, 0, 4),
    ]);

    /// <summary>A broker newer than the harness's specs: Metadata up to v20.</summary>
    public static FakeBrokerProfile Future { get; } = new("future", [new(KafkaMessageSpecs.Metadata, 0, 20), new(KafkaMessageSpecs.ApiVersions, 0, 9)]);

    /// <summary>A broker that shares no Metadata version with the harness.</summary>
    public static FakeBrokerProfile NoCommonMetadata { get; } = new("no-common", [new(KafkaMessageSpecs.Metadata, 14, 20), new(KafkaMessageSpecs.ApiVersions, 0, 4)]);

    public ApiVersionRange? Range(short apiKey) => ApiVersions is null
        ? apiKey == KafkaMessageSpecs.Metadata ? new ApiVersionRange(apiKey, 0, 0) : null
        : ApiVersions.Where(a => a.ApiKey == apiKey).Select(a => (ApiVersionRange?)a).FirstOrDefault();
}
