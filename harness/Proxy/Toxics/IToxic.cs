using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>Transforms one direction of one connection, one chunk at a time. An implementation holds only its
/// settings (immutable); per-connection state comes from <see cref="IStatefulToxic"/> via the context.
/// It passes bytes on with <see cref="ToxicContext.ForwardAsync"/> (zero, one or several times) before
/// returning; whatever it is waiting for ends early when the toxic is removed, so held bytes are released
/// in order rather than dropped.</summary>
internal interface IToxic
{
    ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken);

    /// <summary>The attributes as Toxiproxy's JSON shows them.</summary>
    JsonObject ToAttributes();
}
