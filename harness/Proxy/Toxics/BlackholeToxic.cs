using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Toxics;

/// <summary><c>blackhole</c> (not in Toxiproxy, whose equivalent is <c>timeout</c> with timeout 0): bytes on this
/// stream are dropped and the connection stays open. One toxic per stream gives a one-way blackhole; one on
/// each stream, a two-way one. Bytes dropped while it is present are gone, as on a real cut link.</summary>
internal sealed record BlackholeToxic : IToxic
{
    public const string TypeName = "blackhole";

    public static BlackholeToxic FromAttributes(JsonObject a) => new();

    public JsonObject ToAttributes() => [];

    public ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        // Dropped; counted as a use so callers can see the toxic has bitten.
        context.TryConsumeUse(0);
        return ValueTask.CompletedTask;
    }
}
