using System.Text.Json.Nodes;

namespace KafkaChaos.Proxy.Api;

/// <summary>A toxic to add. Null <see cref="Name"/> = Toxiproxy's default "{type}_{stream}"; null
/// <see cref="Stream"/> = downstream (Kafka toxics: their own stream); null <see cref="Toxicity"/> = 1.</summary>
internal sealed record ToxicSpec(string Type, JsonObject Attributes, string? Name = null, string? Stream = null, double? Toxicity = null)
{
    public const string Upstream = "upstream";
    public const string Downstream = "downstream";

    public static ToxicSpec Latency(long latencyMs, long jitterMs = 0, string stream = Downstream) =>
        new("latency", new JsonObject { ["latency"] = latencyMs, ["jitter"] = jitterMs }, Stream: stream);

    public static ToxicSpec Bandwidth(long rateKBps, string stream = Downstream) =>
        new("bandwidth", new JsonObject { ["rate"] = rateKBps }, Stream: stream);

    public static ToxicSpec SlowClose(long delayMs, string stream = Downstream) =>
        new("slow_close", new JsonObject { ["delay"] = delayMs }, Stream: stream);

    /// <summary>timeoutMs 0: blackhole until removed.</summary>
    public static ToxicSpec Timeout(long timeoutMs, string stream = Downstream) =>
        new("timeout", new JsonObject { ["timeout"] = timeoutMs }, Stream: stream);

    public static ToxicSpec ResetPeer(long timeoutMs, string stream = Downstream) =>
        new("reset_peer", new JsonObject { ["timeout"] = timeoutMs }, Stream: stream);

    public static ToxicSpec Slicer(long averageSize, long sizeVariation, long delayMicroseconds, string stream = Downstream) =>
        new("slicer", new JsonObject { ["average_size"] = averageSize, ["size_variation"] = sizeVariation, ["delay"] = delayMicroseconds }, Stream: stream);

    public static ToxicSpec LimitData(long bytes, string stream = Downstream) =>
        new("limit_data", new JsonObject { ["bytes"] = bytes }, Stream: stream);

    /// <summary>Embedded proxy only; on a real Toxiproxy use <see cref="Timeout"/>(0).</summary>
    public static ToxicSpec Blackhole(string stream) => new("blackhole", [], Stream: stream);

    /// <summary>Kafka: swallow the response to the next <paramref name="count"/> matching requests (0 = all while
    /// present) and cut the connection. Api key 0 = Produce.</summary>
    public static ToxicSpec DropResponse(IEnumerable<short> apiKeys, long count = 1) =>
        new("drop_response", new JsonObject { ["api_keys"] = Array(apiKeys), ["count"] = count });

    /// <summary>Kafka: swallow the next <paramref name="count"/> matching requests before the broker sees them (0 = all
    /// while present) and cut the connection. Api key 0 = Produce.</summary>
    public static ToxicSpec DropRequest(IEnumerable<short> apiKeys, long count = 1, bool cut = true) =>
        new("drop_request", new JsonObject { ["api_keys"] = Array(apiKeys), ["count"] = count, ["cut"] = cut });

    /// <summary>Kafka: hold follower fetches (of <paramref name="replicaIds"/>, empty = every broker) for
    /// <paramref name="durationMs"/> (0 = until removed).</summary>
    public static ToxicSpec StallReplicaFetch(IEnumerable<int> replicaIds, long durationMs = 0) =>
        new("stall_replica_fetch", new JsonObject { ["replica_ids"] = Array(replicaIds), ["duration_ms"] = durationMs });

    /// <summary>Kafka: delay requests of <paramref name="apiKeys"/> by <paramref name="delayMs"/>.</summary>
    public static ToxicSpec DelayApi(IEnumerable<short> apiKeys, long delayMs) =>
        new("delay_api", new JsonObject { ["api_keys"] = Array(apiKeys), ["delay_ms"] = delayMs });

    internal JsonObject ToJson()
    {
        var o = new JsonObject { ["type"] = Type, ["attributes"] = Attributes.DeepClone() };
        if (Name is not null)
        {
            o["name"] = Name;
        }

        if (Stream is not null)
        {
            o["stream"] = Stream;
        }

        if (Toxicity is not null)
        {
            o["toxicity"] = Toxicity;
        }

        return o;
    }

    private static JsonArray Array<T>(IEnumerable<T> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
