using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>Toxiproxy <c>slicer</c>: cuts each chunk into pieces of <see cref="AverageSize"/> ± a uniform
/// <see cref="SizeVariation"/> bytes, waiting <see cref="DelayMicroseconds"/> between pieces (timer resolution
/// makes sub-millisecond delays about 1 ms). AverageSize 0 passes chunks unchanged.</summary>
internal sealed record SlicerToxic(long AverageSize, long SizeVariation, long DelayMicroseconds) : IToxic
{
    public const string TypeName = "slicer";

    public static SlicerToxic FromAttributes(JsonObject a) => new(
        ToxicAttributes.Long(a, "average_size"),
        ToxicAttributes.Long(a, "size_variation"),
        ToxicAttributes.Long(a, "delay"));

    public JsonObject ToAttributes() => new()
    {
        ["average_size"] = AverageSize,
        ["size_variation"] = SizeVariation,
        ["delay"] = DelayMicroseconds,
    };

    public async ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        if (AverageSize <= 0)
        {
            await context.ForwardAsync(chunk, cancellationToken).ConfigureAwait(false);
            return;
        }

        var offset = 0;
        while (offset < chunk.Length)
        {
            var size = AverageSize + (SizeVariation > 0 ? context.Random.NextInt64(-SizeVariation, SizeVariation + 1) : 0);
            var length = (int)Math.Clamp(size, 1, chunk.Length - offset);
            await context.ForwardAsync(chunk.Slice(offset, length), cancellationToken).ConfigureAwait(false);
            offset += length;
            if (offset < chunk.Length && DelayMicroseconds > 0 && !context.IsRemoved)
            {
                await context.DelayAsync(TimeSpan.FromMicroseconds(DelayMicroseconds), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
