using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>Toxiproxy <c>timeout</c>: no data passes on this stream (it is dropped, as Toxiproxy does) and the
/// connection is closed <see cref="TimeoutMs"/> after the toxic reached it; 0 = never closed: a blackhole that
/// holds the connection open until the toxic is removed.</summary>
internal sealed record TimeoutToxic(long TimeoutMs) : IToxic, IConnectionToxic
{
    public const string TypeName = "timeout";

    public static TimeoutToxic FromAttributes(JsonObject a) => new(ToxicAttributes.Long(a, "timeout"));

    public JsonObject ToAttributes() => new() { ["timeout"] = TimeoutMs };

    public ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        // Dropped; counted as a use so callers can see the toxic has bitten.
        context.TryConsumeUse(0);
        return ValueTask.CompletedTask;
    }

    public async Task RunAsync(ToxicContext context, CancellationToken cancellationToken)
    {
        if (TimeoutMs <= 0)
        {
            return;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(TimeoutMs), context.TimeProvider, cancellationToken).ConfigureAwait(false);
        context.CloseConnection($"timed out after {TimeoutMs} ms");
    }
}
