using Confluent.Kafka;
using KafkaChaos.History;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Workload;

/// <summary>Re-sends a producer's dead letters (see <see cref="Workers.ReplayDeadLettersAsync"/>).</summary>
internal static class DeadLetterReplayer
{
    public static async Task<DeadLetterReplay> ReplayAsync(ProducerProfile profile, WorkerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(context);
        string path = DeadLetterStore.PathFor(context.RunDirectory, context.Index);
        var letters = DeadLetterStore.Read(path);
        if (letters.Count == 0) return new DeadLetterReplay(0, 0, 0);

        // Each ID once, in sequence order, whatever number of times it was parked.
        var ids = letters.Select(l => l.Id).Distinct().OrderBy(id => id.ProducerId).ThenBy(id => id.Sequence).ToList();
        using var history = CreateStream(context);
        using var producer = ClientConfigs.BuildProducer(context.Clients, profile, history.StreamName);
        var stillFailed = new List<DeadLetter>();
        int acked = 0;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            history.RecordInvocation(id, resultIgnored: false);
            SendOutcome outcome;
            try
            {
                var result = await producer.ProduceAsync(context.Topic, new Message<byte[]?, byte[]>
                {
                    Key = MessageKeys.For(profile.KeyPolicy, id),
                    Value = MessageEnvelope.Encode(id, profile.MessageBytes),
                }, CancellationToken.None).ConfigureAwait(false);
                outcome = DeliveryOutcomes.From(result.Status, new Error(ErrorCode.NoError), result.TopicPartitionOffset);
            }
            catch (KafkaException ex)
            {
                outcome = DeliveryOutcomes.FromException(ex);
            }
            history.RecordCompletion(id, outcome);
            if (outcome.Kind == SendOutcomeKind.Ok) acked++;
            else stillFailed.Add(new DeadLetter(id, outcome.ErrorCode ?? outcome.Kind.ToString(), outcome.Reason ?? ""));
        }
        DeadLetterStore.Rewrite(path, stillFailed);
        return new DeadLetterReplay(ids.Count, acked, stillFailed.Count);
    }

    private static HistoryWriter CreateStream(WorkerContext context)
    {
        for (int n = 0; ; n++)
        {
            string name = $"{ProducerWorker.StreamName(context.Index)}-replay-{n}";
            if (!File.Exists(Path.Combine(context.RunDirectory, name + HistoryFormat.FileExtension)))
            {
                return HistoryWriter.Create(context.RunDirectory, name, context.TimeProvider);
            }
        }
    }
}
