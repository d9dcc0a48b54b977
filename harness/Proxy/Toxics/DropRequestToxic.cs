using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;
using KafkaChaos.Proxy.Kafka;

namespace KafkaChaos.Proxy.Toxics;

/// <summary><c>drop_request</c> (Kafka, the mirror of <c>drop_response</c>): the matching request is swallowed
/// whole before the broker sees it, then the connection is closed: nothing was appended, and the client retries
/// on a new connection ("request lost on the way"). <see cref="ApiKeys"/> empty = any api; <see cref="Count"/>
/// 0 = every matching request while the toxic is present, else the first N across all connections.</summary>
internal sealed record DropRequestToxic(IReadOnlyList<short> ApiKeys, long Count, bool Cut = true) : IToxic, IStatefulToxic, IKafkaToxic
{
    public const string TypeName = "drop_request";

    public StreamDirection Stream => StreamDirection.Upstream;

    public static DropRequestToxic FromAttributes(JsonObject a) => new(
        ToxicAttributes.LongList(a, "api_keys", 0, short.MaxValue).Select(k => (short)k).ToArray(),
        ToxicAttributes.Long(a, "count"),
        !a.TryGetPropertyValue("cut", out var cut) || cut is null || cut.GetValue<bool>());

    public JsonObject ToAttributes() => new() { ["api_keys"] = ToxicAttributes.ToJsonArray(ApiKeys), ["count"] = Count, ["cut"] = Cut };

    public object CreateState() => new FrameSwallower();

    public bool Matches(KafkaFrame? frame) =>
        frame is { IsResponse: false, Request: { } request } && (ApiKeys.Count == 0 || ApiKeys.Contains(request.ApiKey));

    public async ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        if (!((FrameSwallower)context.State!).Swallow(chunk, context, chunk.IsFrameStart && Matches(chunk.Frame), Count, "request", out var ended))
        {
            await context.ForwardAsync(chunk, cancellationToken).ConfigureAwait(false);
            return;
        }
        // Without the cut the client hears nothing and times the request out, while later requests on the same
        // connection are answered: the retry lands behind them (reordering with max.in.flight > 1).
        if (ended is not null && Cut) context.CloseConnection($"dropped request correlation {ended.CorrelationId}");
    }
}
