namespace KafkaChaos.Protocol;

/// <summary>ApiVersionsResponse.json (0-4): ErrorCode int16, ApiKeys [ApiKey, MinVersion, MaxVersion], v1+
/// ThrottleTimeMs; v3+ flexible, with SupportedFeatures, FinalizedFeaturesEpoch, FinalizedFeatures and
/// ZkMigrationReady as tagged fields (skipped on read; only the epoch, tag 1, is written). A broker that does not
/// serve the requested version answers in v0 with error 35 (UNSUPPORTED_VERSION) and its own ApiVersions range.</summary>
internal sealed record ApiVersionsResponse(short ErrorCode, IReadOnlyList<ApiVersionRange> Apis, int ThrottleTimeMs = 0, long? FinalizedFeaturesEpoch = null)
{
    public ApiVersionRange? Find(short apiKey) => Apis.Where(a => a.ApiKey == apiKey).Select(a => (ApiVersionRange?)a).FirstOrDefault();

    public void Write(KafkaWriter writer, short version)
    {
        writer.Int16(ErrorCode);
        writer.ArrayLength(Apis.Count);
        foreach (var api in Apis)
        {
            writer.Int16(api.ApiKey);
            writer.Int16(api.MinVersion);
            writer.Int16(api.MaxVersion);
            writer.TaggedFields();
        }

        if (version >= 1) writer.Int32(ThrottleTimeMs);
        if (FinalizedFeaturesEpoch is { } epoch && version >= 3)
        {
            var value = new KafkaWriter(flexible: true);
            value.Int64(epoch);
            writer.TaggedFields((1, value.ToArray()));
        }
        else
        {
            writer.TaggedFields();
        }
    }

    public static ApiVersionsResponse Read(KafkaReader reader, short version)
    {
        var errorCode = reader.Int16();
        var apis = new List<ApiVersionRange>();
        for (var i = reader.ArrayLength() ?? 0; i > 0; i--)
        {
            apis.Add(new ApiVersionRange(reader.Int16(), reader.Int16(), reader.Int16()));
            reader.TaggedFields();
        }

        var throttle = version >= 1 ? reader.Int32() : 0;
        long? epoch = null;
        reader.TaggedFields((tag, value) =>
        {
            if (tag == 1) epoch = value.Int64();
        });
        reader.ExpectEnd($"ApiVersions v{version} response");
        return new ApiVersionsResponse(errorCode, apis, throttle, epoch);
    }
}
