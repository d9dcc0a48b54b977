using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;
using KafkaChaos.Proxy.Kafka;

namespace KafkaChaos.Proxy.Toxics;

/// <summary><c>delay_api</c> (Kafka): requests of <see cref="ApiKeys"/> (empty = all) reach the broker
/// <see cref="DelayMs"/> after they arrived; others are untouched except that order on a connection is kept.</summary>
internal sealed record DelayApiToxic(IReadOnlyList<short> ApiKeys, long DelayMs) : IToxic, IKafkaToxic
{
    public const string TypeName = "delay_api";

    public StreamDirection Stream => StreamDirection.Upstream;

    public static DelayApiToxic FromAttributes(JsonObject a) => new(
        ToxicAttributes.LongList(a, "api_keys", 0, short.MaxValue).Select(k => (short)k).ToArray(),
        ToxicAttributes.Long(a, "delay_ms"));

    public JsonObject ToAttributes() => new() { ["api_keys"] = ToxicAttributes.ToJsonArray(ApiKeys), ["delay_ms"] = DelayMs };

    public bool Matches(KafkaFrame? frame) =>
        frame is { IsResponse: false, Request: { } request } && (ApiKeys.Count == 0 || ApiKeys.Contains(request.ApiKey));

    public async ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        if (chunk.IsFrameStart && Matches(chunk.Frame))
        {
            context.TryConsumeUse(0);
            var wait = TimeSpan.FromMilliseconds(DelayMs) - context.TimeProvider.GetElapsedTime(chunk.ReceivedTimestamp);
            await context.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
        }

        await context.ForwardAsync(chunk, cancellationToken).ConfigureAwait(false);
    }
}
