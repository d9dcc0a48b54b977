using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>Toxiproxy <c>bandwidth</c>: at most <see cref="RateKBps"/> KB/s (1 KB = 1000 bytes, as Toxiproxy)
/// on this stream of each connection; 0 = unlimited. Bytes are paced in pieces of about 10 ms.</summary>
internal sealed record BandwidthToxic(long RateKBps) : IToxic, IStatefulToxic
{
    public const string TypeName = "bandwidth";

    public static BandwidthToxic FromAttributes(JsonObject a) => new(ToxicAttributes.Long(a, "rate"));

    public JsonObject ToAttributes() => new() { ["rate"] = RateKBps };

    public object CreateState() => new Pacing();

    public async ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        if (RateKBps <= 0)
        {
            await context.ForwardAsync(chunk, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pacing = (Pacing)context.State!;
        var time = context.TimeProvider;
        var bytesPerMs = RateKBps; // KB/s × 1000 B/KB ÷ 1000 ms/s
        var piece = (int)Math.Clamp(bytesPerMs * 10, 1, int.MaxValue);
        for (var offset = 0; offset < chunk.Length; offset += piece)
        {
            var length = Math.Min(piece, chunk.Length - offset);
            var now = time.GetTimestamp();
            if (pacing.NextSend > now && !context.IsRemoved)
            {
                await context.DelayAsync(time.GetElapsedTime(now, pacing.NextSend), cancellationToken).ConfigureAwait(false);
                now = time.GetTimestamp();
            }

            await context.ForwardAsync(chunk.Slice(offset, length), cancellationToken).ConfigureAwait(false);
            var cost = (long)(length / (double)bytesPerMs * time.TimestampFrequency / 1000.0);
            pacing.NextSend = Math.Max(pacing.NextSend, now) + cost;
        }
    }

    private sealed class Pacing
    {
        public long NextSend;
    }
}
