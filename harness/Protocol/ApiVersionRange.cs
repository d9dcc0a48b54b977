namespace KafkaChaos.Protocol;

/// <summary>One entry of an ApiVersions response: the versions of <paramref name="ApiKey"/> the broker serves.</summary>
internal readonly record struct ApiVersionRange(short ApiKey, short MinVersion, short MaxVersion)
{
    public bool Contains(short version) => version >= MinVersion && version <= MaxVersion;
}
