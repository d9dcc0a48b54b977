using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;
using KafkaChaos.Proxy.Kafka;

namespace KafkaChaos.Proxy.Toxics;

/// <summary><c>drop_response</c> (Kafka): the matching request reaches the broker, its response is swallowed
/// whole, then the connection is closed: the client sees a network error after the broker appended
/// ("network cut after append"). <see cref="ApiKeys"/> empty = any api; <see cref="Count"/> 0 = every matching
/// response while the toxic is present, else the first N across all connections.</summary>
public sealed record DropResponseToxic(IReadOnlyList<short> ApiKeys, long Count) : IToxic, IStatefulToxic, IKafkaToxic
{
    public const string TypeName = "drop_response";

    public StreamDirection Stream => StreamDirection.Downstream;

    public static DropResponseToxic FromAttributes(JsonObject a) => new(
        ToxicAttributes.LongList(a, "api_keys", 0, short.MaxValue).Select(k => (short)k).ToArray(),
        ToxicAttributes.Long(a, "count"));

    public JsonObject ToAttributes() => new() { ["api_keys"] = ToxicAttributes.ToJsonArray(ApiKeys), ["count"] = Count };

    public object CreateState() => new Swallowing();

    public bool Matches(KafkaFrame? frame) =>
        frame is { IsResponse: true, Request: { } request } && (ApiKeys.Count == 0 || ApiKeys.Contains(request.ApiKey));

    public async ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        var swallowing = (Swallowing)context.State!;
        if (chunk.IsFrameStart && swallowing.Frame is null && Matches(chunk.Frame) && context.TryConsumeUse(Count))
        {
            swallowing.Frame = chunk.Frame;
            var request = chunk.Frame!.Request!;
            context.Log($"swallowing response to api {request.ApiKey} v{request.ApiVersion} correlation {request.CorrelationId} ({chunk.Frame.PayloadLength} bytes)");
        }

        if (swallowing.Frame is { } frame && ReferenceEquals(chunk.Frame, frame))
        {
            // Once the first bytes are gone the rest must go too (even if the toxic is removed meanwhile):
            // a half-forwarded frame would corrupt the stream.
            if (chunk.IsFrameEnd)
            {
                context.CloseConnection($"dropped response correlation {frame.CorrelationId}");
            }

            return;
        }

        await context.ForwardAsync(chunk, cancellationToken).ConfigureAwait(false);
    }

    private sealed class Swallowing
    {
        public KafkaFrame? Frame;
    }
}
