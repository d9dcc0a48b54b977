namespace KafkaChaos.Protocol;

/// <summary>ApiVersionsRequest.json: empty body in v0-2; v3+ (flexible) carries the client software name and
/// version as compact strings; v4 is the same as v3.</summary>
internal sealed record ApiVersionsRequest(string ClientSoftwareName, string ClientSoftwareVersion)
{
    public void Write(KafkaWriter writer, short version)
    {
        if (version < 3) return;
        writer.String(ClientSoftwareName);
        writer.String(ClientSoftwareVersion);
        writer.TaggedFields();
    }

    public static ApiVersionsRequest Read(KafkaReader reader, short version)
    {
        if (version < 3) return new ApiVersionsRequest("", "");
        var request = new ApiVersionsRequest(reader.String(), reader.String());
        reader.TaggedFields();
        return request;
    }
}
