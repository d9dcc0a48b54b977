using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;
using KafkaChaos.Proxy.Kafka;

namespace KafkaChaos.Proxy.Toxics;

/// <summary><c>drop_response</c> (Kafka): the matching request reaches the broker, its response is swallowed
/// whole, then the connection is closed: the client sees a network error after the broker appended
/// ("network cut after append"). <see cref="ApiKeys"/> empty = any api; <see cref="Count"/> 0 = every matching
/// response while the toxic is present, else the first N across all connections.</summary>
internal sealed record DropResponseToxic(IReadOnlyList<short> ApiKeys, long Count) : IToxic, IStatefulToxic, IKafkaToxic
{
    public const string TypeName = "drop_response";

    public StreamDirection Stream => StreamDirection.Downstream;

    public static DropResponseToxic FromAttributes(JsonObject a) => new(
        ToxicAttributes.LongList(a, "api_keys", 0, short.MaxValue).Select(k => (short)k).ToArray(),
        ToxicAttributes.Long(a, "count"));

    public JsonObject ToAttributes() => new() { ["api_keys"] = ToxicAttributes.ToJsonArray(ApiKeys), ["count"] = Count };

    public object CreateState() => new FrameSwallower();

    public bool Matches(KafkaFrame? frame) =>
        frame is { IsResponse: true, Request: { } request } && (ApiKeys.Count == 0 || ApiKeys.Contains(request.ApiKey));

    public async ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        if (!((FrameSwallower)context.State!).Swallow(chunk, context, chunk.IsFrameStart && Matches(chunk.Frame), Count, "response to", out var ended))
        {
            await context.ForwardAsync(chunk, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (ended is not null) context.CloseConnection($"dropped response correlation {ended.CorrelationId}");
    }
}
