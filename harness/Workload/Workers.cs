using KafkaChaos.Scenarios;

namespace KafkaChaos.Workload;

/// <summary>Starts workers: in this process or as a child <c>chaos worker</c> process, per the profile's <c>Process</c>.</summary>
internal static class Workers
{
    /// <summary>Starts a producer; returns once its client is built (a child: once it reported ready).</summary>
    /// <exception cref="WorkerConfigurationException">librdkafka refused a property of the profile.</exception>
    public static Task<IWorker> StartProducerAsync(ProducerProfile profile, WorkerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.Process == WorkerProcess.Child
            ? ChildWorker.StartAsync(WorkerSpec.ForProducer(profile, context), context, cancellationToken)
            : ProducerWorker.StartAsync(profile, context, cancellationToken);
    }

    /// <summary>Starts a consumer; returns once it subscribed (a child: once it reported ready).</summary>
    /// <exception cref="WorkerConfigurationException">librdkafka refused a property of the profile.</exception>
    public static Task<IWorker> StartConsumerAsync(ConsumerProfile profile, WorkerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.Process == WorkerProcess.Child
            ? ChildWorker.StartAsync(WorkerSpec.ForConsumer(profile, context), context, cancellationToken)
            : ConsumerWorker.StartAsync(profile, context, cancellationToken);
    }

    /// <summary>
    /// Re-sends the messages producer <c>context.Index</c> parked in its dead-letter store (claim D4), in this
    /// process, awaiting each; records them in a new stream <c>producer-{index}-replay-{n}</c> with the same IDs.
    /// Like a replay job run again later, it re-sends what failed again in further rounds, one second apart, until
    /// none is left or <paramref name="patience"/> is spent; the store keeps only what failed in the last round.
    /// Run it after the producer stopped.
    /// </summary>
    public static Task<DeadLetterReplay> ReplayDeadLettersAsync(ProducerProfile profile, WorkerContext context, TimeSpan patience, CancellationToken cancellationToken) =>
        DeadLetterReplayer.ReplayAsync(profile, context, patience, cancellationToken);
}
