using System.Text.Json.Nodes;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>Toxic type name → settings parser. Unknown types are Toxiproxy's "invalid toxic type".</summary>
internal static class ToxicRegistry
{
    private static readonly Dictionary<string, Func<JsonObject, IToxic>> Factories = new(StringComparer.Ordinal)
    {
        [LatencyToxic.TypeName] = LatencyToxic.FromAttributes,
        [BandwidthToxic.TypeName] = BandwidthToxic.FromAttributes,
        [SlowCloseToxic.TypeName] = SlowCloseToxic.FromAttributes,
        [TimeoutToxic.TypeName] = TimeoutToxic.FromAttributes,
        [ResetPeerToxic.TypeName] = ResetPeerToxic.FromAttributes,
        [SlicerToxic.TypeName] = SlicerToxic.FromAttributes,
        [LimitDataToxic.TypeName] = LimitDataToxic.FromAttributes,
        [BlackholeToxic.TypeName] = BlackholeToxic.FromAttributes,
        [DropResponseToxic.TypeName] = DropResponseToxic.FromAttributes,
        [DropRequestToxic.TypeName] = DropRequestToxic.FromAttributes,
        [StallReplicaFetchToxic.TypeName] = StallReplicaFetchToxic.FromAttributes,
        [DelayApiToxic.TypeName] = DelayApiToxic.FromAttributes,
    };

    public static IReadOnlyCollection<string> TypeNames => Factories.Keys;

    public static bool IsKnown(string type) => Factories.ContainsKey(type);

    /// <exception cref="FormatException">An attribute has the wrong type or range.</exception>
    public static IToxic Create(string type, JsonObject attributes) => Factories[type](attributes);
}
