namespace KafkaChaos.Protocol;

/// <summary>Picks the version of an api to send: the highest both the broker (its ApiVersions entry) and the
/// harness (the versions its codec encodes and decodes) support.</summary>
internal static class VersionNegotiation
{
    /// <summary>The chosen version, or null when the ranges do not overlap or the broker does not list the api.</summary>
    public static short? Choose(ApiVersionRange? broker, short harnessMin, short harnessMax)
    {
        if (broker is not { } range) return null;
        var high = Math.Min(range.MaxVersion, harnessMax);
        return high >= Math.Max(range.MinVersion, harnessMin) ? (short)high : null;
    }
}
