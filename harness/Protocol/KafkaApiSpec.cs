namespace KafkaChaos.Protocol;

/// <summary>One api key as its message spec declares it (see <see cref="KafkaMessageSpecs"/> for the source).</summary>
/// <param name="MinVersion">Lowest valid version in the newest release read; older releases may serve lower ones.</param>
/// <param name="MaxVersion">Highest valid version in the newest release read.</param>
/// <param name="FirstFlexibleVersion">First version with header v2, compact strings and tagged fields; null for "none".</param>
internal sealed record KafkaApiSpec(short ApiKey, string Name, short MinVersion, short MaxVersion, short? FirstFlexibleVersion)
{
    public bool IsFlexible(short version) => FirstFlexibleVersion is { } first && version >= first;
}
