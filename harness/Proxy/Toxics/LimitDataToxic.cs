using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>Toxiproxy <c>limit_data</c>: passes the first <see cref="Bytes"/> bytes of this stream per
/// connection, then closes the connection.</summary>
internal sealed record LimitDataToxic(long Bytes) : IToxic, IStatefulToxic
{
    public const string TypeName = "limit_data";

    public static LimitDataToxic FromAttributes(JsonObject a) => new(ToxicAttributes.Long(a, "bytes"));

    public JsonObject ToAttributes() => new() { ["bytes"] = Bytes };

    public object CreateState() => new Counter();

    public async ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        var counter = (Counter)context.State!;
        var remaining = Bytes - counter.Sent;
        if (remaining > 0)
        {
            var length = (int)Math.Min(remaining, chunk.Length);
            await context.ForwardAsync(length == chunk.Length ? chunk : chunk.Slice(0, length), cancellationToken).ConfigureAwait(false);
            counter.Sent += length;
        }

        if (counter.Sent >= Bytes)
        {
            if (!counter.Cut)
            {
                counter.Cut = true;
                context.TryConsumeUse(0);
            }

            context.CloseConnection($"limit of {Bytes} bytes reached");
        }
    }

    private sealed class Counter
    {
        public long Sent;

        public bool Cut;
    }
}
