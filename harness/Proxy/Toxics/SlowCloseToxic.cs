using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>Toxiproxy <c>slow_close</c>: when the source closes, waits <see cref="DelayMs"/> before passing the
/// close on. Bytes pass unchanged.</summary>
internal sealed record SlowCloseToxic(long DelayMs) : IToxic, ICloseToxic
{
    public const string TypeName = "slow_close";

    public static SlowCloseToxic FromAttributes(JsonObject a) => new(ToxicAttributes.Long(a, "delay"));

    public JsonObject ToAttributes() => new() { ["delay"] = DelayMs };

    public ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken) =>
        context.ForwardAsync(chunk, cancellationToken);

    public async ValueTask OnCloseAsync(ToxicContext context, CancellationToken cancellationToken) =>
        await context.DelayAsync(TimeSpan.FromMilliseconds(DelayMs), cancellationToken).ConfigureAwait(false);
}
