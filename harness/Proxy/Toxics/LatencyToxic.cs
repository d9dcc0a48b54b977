using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>Toxiproxy <c>latency</c>: each chunk leaves no earlier than <see cref="LatencyMs"/> ± a uniform
/// <see cref="JitterMs"/> after it arrived (measured from arrival, so queued chunks do not add up delays).</summary>
internal sealed record LatencyToxic(long LatencyMs, long JitterMs) : IToxic
{
    public const string TypeName = "latency";

    public static LatencyToxic FromAttributes(JsonObject a) =>
        new(ToxicAttributes.Long(a, "latency"), ToxicAttributes.Long(a, "jitter"));

    public JsonObject ToAttributes() => new() { ["latency"] = LatencyMs, ["jitter"] = JitterMs };

    public async ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        var delayMs = LatencyMs + (JitterMs > 0 ? context.Random.NextInt64(-JitterMs, JitterMs + 1) : 0);
        var wait = TimeSpan.FromMilliseconds(delayMs) - context.TimeProvider.GetElapsedTime(chunk.ReceivedTimestamp);
        await context.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
        await context.ForwardAsync(chunk, cancellationToken).ConfigureAwait(false);
    }
}
