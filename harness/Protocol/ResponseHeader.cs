namespace KafkaChaos.Protocol;

/// <summary>A response header (ResponseHeader.json): the correlation id, then in v1 tagged fields. ApiVersions
/// responses always use v0 (<see cref="KafkaMessageSpecs.ResponseHeaderVersion"/>).</summary>
internal static class ResponseHeader
{
    /// <summary>A writer holding the header of the response to <paramref name="request"/>, set to the body's encoding.</summary>
    public static KafkaWriter Start(RequestHeader request)
    {
        var headerVersion = Version(request.ApiKey, request.ApiVersion);
        var writer = new KafkaWriter(flexible: KafkaMessageSpecs.Find(request.ApiKey)!.IsFlexible(request.ApiVersion));
        writer.Int32(request.CorrelationId);
        if (headerVersion >= 1) writer.UnsignedVarint(0);
        return writer;
    }

    /// <summary>Reads the header of a response to <paramref name="apiKey"/> v<paramref name="apiVersion"/>; returns the
    /// correlation id and leaves <paramref name="reader"/> at the body, set to its encoding.</summary>
    public static int Read(KafkaReader reader, short apiKey, short apiVersion)
    {
        reader.Flexible = false;
        var correlationId = reader.Int32();
        reader.Flexible = Version(apiKey, apiVersion) >= 1;
        reader.TaggedFields();
        reader.Flexible = KafkaMessageSpecs.Find(apiKey)!.IsFlexible(apiVersion);
        return correlationId;
    }

    private static int Version(short apiKey, short apiVersion) => KafkaMessageSpecs.ResponseHeaderVersion(apiKey, apiVersion)
        ?? throw new NotSupportedException($"Api key {apiKey} is not in the harness's spec table.");
}
