using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>Toxiproxy <c>reset_peer</c>: the first chunk to arrive on this stream while the toxic is present is
/// held for <see cref="TimeoutMs"/> (0 = none) and then both peers get a TCP RST; that chunk never arrives
/// (as Toxiproxy). For Kafka that is "the next request dies with ECONNRESET before reaching the broker". If the
/// toxic is removed during the wait the chunk is forwarded instead.</summary>
internal sealed record ResetPeerToxic(long TimeoutMs) : IToxic
{
    public const string TypeName = "reset_peer";

    public static ResetPeerToxic FromAttributes(JsonObject a) => new(ToxicAttributes.Long(a, "timeout"));

    public JsonObject ToAttributes() => new() { ["timeout"] = TimeoutMs };

    public async ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        if (!await context.DelayAsync(TimeSpan.FromMilliseconds(TimeoutMs), cancellationToken).ConfigureAwait(false) && context.IsRemoved)
        {
            await context.ForwardAsync(chunk, cancellationToken).ConfigureAwait(false);
            return;
        }

        context.TryConsumeUse(0);
        context.ResetConnection($"reset {TimeoutMs} ms after data arrived");
    }
}
