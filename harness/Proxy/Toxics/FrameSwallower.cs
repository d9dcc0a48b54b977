using KafkaChaos.Proxy.Core;
using KafkaChaos.Proxy.Kafka;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>
/// One connection's state of a toxic that swallows whole Kafka frames (<c>drop_request</c>, <c>drop_response</c>):
/// once a frame's first bytes are gone the rest must go too, even if the toxic is removed meanwhile, because half a
/// forwarded frame would corrupt the stream.
/// </summary>
internal sealed class FrameSwallower
{
    private KafkaFrame? _frame;

    /// <summary>
    /// Whether <paramref name="chunk"/> is swallowed: it belongs to the frame being swallowed, or starts one that
    /// matches (<paramref name="startsMatchingFrame"/>) while the toxic has uses left. <paramref name="ended"/> is the
    /// frame whose last chunk this was, else null. The caller forwards what is not swallowed.
    /// </summary>
    public bool Swallow(StreamChunk chunk, ToxicContext context, bool startsMatchingFrame, long count, string what, out KafkaFrame? ended)
    {
        ended = null;
        if (startsMatchingFrame && _frame is null && context.TryConsumeUse(count))
        {
            _frame = chunk.Frame;
            var request = chunk.Frame!.Request!.Value;
            context.Log($"swallowing {what} api {request.ApiKey} v{request.ApiVersion} correlation {request.CorrelationId} ({chunk.Frame.PayloadLength} bytes)");
        }

        if (_frame is not { } frame || !ReferenceEquals(chunk.Frame, frame)) return false;
        if (chunk.IsFrameEnd)
        {
            _frame = null;
            ended = frame;
        }
        return true;
    }
}
