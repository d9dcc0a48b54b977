using Confluent.Kafka;
using KafkaChaos.History;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Workload;

/// <summary>Re-sends a producer's dead letters (see <see cref="Workers.ReplayDeadLettersAsync"/>).</summary>
internal static class DeadLetterReplayer
{
    /// <summary>Pause between rounds (1 s): long enough for a leader election or an ISR to refill.</summary>
    private static readonly TimeSpan RoundBackoff = TimeSpan.FromSeconds(1);

    public static async Task<DeadLetterReplay> ReplayAsync(ProducerProfile profile, WorkerContext context, TimeSpan patience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(context);
        string path = DeadLetterStore.PathFor(context.RunDirectory, context.Index);
        var letters = DeadLetterStore.Read(path);
        if (letters.Count == 0) return new DeadLetterReplay(0, 0, 0, 0);

        // Each ID once per round, in sequence order, whatever number of times it was parked.
        var ids = letters.Select(l => l.Id).Distinct().OrderBy(id => id.ProducerId).ThenBy(id => id.Sequence).ToList();
        using var history = CreateStream(context);
        using var producer = ClientConfigs.BuildProducer(context.Clients, profile, history.StreamName);
        var started = context.TimeProvider.GetTimestamp();
        var pending = ids;
        var acked = 0;
        var rounds = 0;
        while (true)
        {
            rounds++;
            var stillFailed = new List<DeadLetter>();
            foreach (var id in pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var outcome = await SendAsync(producer, profile, context.Topic, id, history).ConfigureAwait(false);
                if (outcome.Kind == SendOutcomeKind.Ok) acked++;
                else stillFailed.Add(new DeadLetter(id, outcome.ErrorCode ?? outcome.Kind.ToString(), outcome.Reason ?? ""));
            }
            DeadLetterStore.Rewrite(path, stillFailed);
            if (stillFailed.Count == 0 || context.TimeProvider.GetElapsedTime(started) + RoundBackoff > patience)
                return new DeadLetterReplay(ids.Count, acked, stillFailed.Count, rounds);
            await Task.Delay(RoundBackoff, context.TimeProvider, cancellationToken).ConfigureAwait(false);
            pending = stillFailed.Select(l => l.Id).ToList();
        }
    }

    private static async Task<SendOutcome> SendAsync(IProducer<byte[]?, byte[]> producer, ProducerProfile profile, string topic, MessageId id, HistoryWriter history)
    {
        history.RecordInvocation(id, resultIgnored: false);
        SendOutcome outcome;
        try
        {
            var result = await producer.ProduceAsync(topic, new Message<byte[]?, byte[]>
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
        return outcome;
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
