using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>Toxiproxy <c>reset_peer</c>: <see cref="TimeoutMs"/> after the toxic reached a connection (0 = at
/// once) both peers get a TCP RST. Unlike Toxiproxy, bytes keep flowing until then, so a reset can land
/// mid-conversation.</summary>
public sealed record ResetPeerToxic(long TimeoutMs) : IToxic, IConnectionToxic
{
    public const string TypeName = "reset_peer";

    public static ResetPeerToxic FromAttributes(JsonObject a) => new(ToxicAttributes.Long(a, "timeout"));

    public JsonObject ToAttributes() => new() { ["timeout"] = TimeoutMs };

    public ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken) =>
        context.ForwardAsync(chunk, cancellationToken);

    public async Task RunAsync(ToxicContext context, CancellationToken cancellationToken)
    {
        if (TimeoutMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(TimeoutMs), context.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        context.ResetConnection($"reset after {TimeoutMs} ms");
    }
}
