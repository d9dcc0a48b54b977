using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;
using KafkaChaos.Proxy.Kafka;

namespace KafkaChaos.Proxy.Toxics;

/// <summary><c>stall_replica_fetch</c> (Kafka): follower Fetch requests (replica_id ≥ 0, or only those in
/// <see cref="ReplicaIds"/>) are held, not forwarded, until the toxic is removed or <see cref="DurationMs"/>
/// after it was added or updated (0 = until removed); then they go on in order. Consumer fetches
/// (replica_id -1) pass. Everything behind a held request on the same connection waits with it (order is kept):
/// brokers use dedicated fetcher connections, so clients are unaffected. Fetch v15+ (Kafka 3.5+) carries the replica
/// id in a trailing tagged field: those requests are read whole (up to 1 MiB) to find it.</summary>
internal sealed record StallReplicaFetchToxic(IReadOnlyList<int> ReplicaIds, long DurationMs) : IToxic, IKafkaToxic
{
    public const string TypeName = "stall_replica_fetch";

    public StreamDirection Stream => StreamDirection.Upstream;

    public static StallReplicaFetchToxic FromAttributes(JsonObject a) => new(
        ToxicAttributes.LongList(a, "replica_ids", 0, int.MaxValue).Select(k => (int)k).ToArray(),
        ToxicAttributes.Long(a, "duration_ms"));

    public JsonObject ToAttributes() => new() { ["replica_ids"] = ToxicAttributes.ToJsonArray(ReplicaIds), ["duration_ms"] = DurationMs };

    public bool Matches(KafkaFrame? frame) =>
        frame is { IsResponse: false, Request: { ApiKey: KafkaApiKeys.Fetch, ReplicaId: int replicaId } }
        && replicaId >= 0
        && (ReplicaIds.Count == 0 || ReplicaIds.Contains(replicaId));

    public async ValueTask PipeAsync(StreamChunk chunk, ToxicContext context, CancellationToken cancellationToken)
    {
        if (chunk.IsFrameStart && Matches(chunk.Frame))
        {
            var request = chunk.Frame!.Request!.Value;
            context.TryConsumeUse(0);
            context.Log($"holding Fetch from replica {request.ReplicaId} correlation {request.CorrelationId}");
            var time = context.TimeProvider;
            var started = time.GetTimestamp();
            while (!context.IsRemoved && context.CurrentToxic is StallReplicaFetchToxic current && current.Matches(chunk.Frame))
            {
                var wait = Timeout.InfiniteTimeSpan;
                if (current.DurationMs > 0)
                {
                    wait = TimeSpan.FromMilliseconds(current.DurationMs) - time.GetElapsedTime(context.ActivatedTimestamp);
                    if (wait <= TimeSpan.Zero)
                    {
                        break;
                    }
                }

                if (await context.WaitForChangeAsync(wait, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            context.Log($"released Fetch from replica {request.ReplicaId} correlation {request.CorrelationId} after {time.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        }

        await context.ForwardAsync(chunk, cancellationToken).ConfigureAwait(false);
    }
}
