namespace KafkaChaos.Protocol;

/// <summary>A request header (RequestHeader.json): api key, api version, correlation id, then from v1 a client id
/// (always a classic nullable string, even in v2), then in v2 tagged fields. The version follows from the api and
/// its version (<see cref="KafkaMessageSpecs.RequestHeaderVersion"/>).</summary>
internal sealed record RequestHeader(short ApiKey, short ApiVersion, int CorrelationId, string? ClientId)
{
    public int HeaderVersion => KafkaMessageSpecs.RequestHeaderVersion(ApiKey, ApiVersion)
        ?? throw new NotSupportedException($"Api key {ApiKey} is not in the harness's spec table.");

    /// <summary>A writer holding this header, set to the body's encoding (compact in flexible versions).</summary>
    public KafkaWriter Start()
    {
        var headerVersion = HeaderVersion;
        var writer = new KafkaWriter(flexible: false);
        writer.Int16(ApiKey);
        writer.Int16(ApiVersion);
        writer.Int32(CorrelationId);
        if (headerVersion >= 1) writer.String(ClientId);
        var body = new KafkaWriter(flexible: headerVersion >= 2);
        body.Bytes(writer.Written);
        if (headerVersion >= 2) body.TaggedFields();
        return body;
    }

    /// <summary>Reads a request header from a frame's payload; leaves <paramref name="reader"/> at the body, set to its encoding.</summary>
    public static RequestHeader Read(KafkaReader reader)
    {
        reader.Flexible = false;
        var apiKey = reader.Int16();
        var apiVersion = reader.Int16();
        var correlationId = reader.Int32();
        var headerVersion = KafkaMessageSpecs.RequestHeaderVersion(apiKey, apiVersion)
            ?? throw new InvalidDataException($"Api key {apiKey} is not in the harness's spec table.");
        var clientId = headerVersion >= 1 ? reader.NullableString() : null;
        reader.Flexible = headerVersion >= 2;
        reader.TaggedFields();
        return new RequestHeader(apiKey, apiVersion, correlationId, clientId);
    }
}
