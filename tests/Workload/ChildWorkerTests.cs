using KafkaChaos.Checkers;
using KafkaChaos.Cluster;
using KafkaChaos.History;
using KafkaChaos.Scenarios;
using KafkaChaos.Tests.Support;
using KafkaChaos.Workload;
using NUnit.Framework;

namespace KafkaChaos.Tests.Workload;

/// <summary>
/// Workers as child processes, SIGKILLed at protocol moments chosen with pause gates, so each verdict is
/// deterministic: auto commit loses, manual commit duplicates, dedupe does not, fire-and-forget loses its buffer.
/// </summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class ChildWorkerTests : ClusterFixture
{
    private const int Messages = 500;

    /// <summary>The broker's minimum (group.min.session.timeout.ms on 0.9): a killed member is noticed soonest.</summary>
    private static readonly IReadOnlyDictionary<string, string> ShortSession = new Dictionary<string, string> { ["session.timeout.ms"] = "6000" };

    [Test]
    public async Task Child_workers_run_clean_and_stop_gracefully()
    {
        using var run = await WorkloadRun.CreateAsync(Cluster, "child-clean");
        var group = $"g-{run.Topic}";
        await using (var producer = await Workers.StartProducerAsync(new ProducerProfile { SendMode = SendMode.Callback, Messages = Messages, Process = WorkerProcess.Child }, run.Context(0), CancellationToken.None))
        await using (var consumer = await Workers.StartConsumerAsync(new ConsumerProfile { Group = group, Process = WorkerProcess.Child }, run.Context(0), CancellationToken.None))
        {
            await producer.Completion.WaitAsync(WorkloadRun.Deadline);
            await producer.StopAsync(CancellationToken.None);
            Assert.That(producer.Counters, Is.EqualTo(new WorkerCounters(Sent: Messages, Acked: Messages)));
            await WorkloadRun.WaitUntilAsync(() => consumer.Counters.Processed >= Messages, "the child consumer processed everything", () => consumer.Counters);
            await consumer.StopAsync(CancellationToken.None);
        }

        var result = await run.CheckAsync(consumptionExpected: true);

        Assert.That(result.HasAnomalies, Is.False);
        Assert.That(result.Counts, Is.EqualTo(new CheckCounts { Sent = Messages, Acked = Messages }));
    }

    [Test]
    public async Task Auto_commit_then_sigkill_after_poll_before_processing_leaves_logged_ids_unprocessed_until_the_group_is_rewound()
    {
        const int polled = 200;
        using var run = await WorkloadRun.CreateAsync(Cluster, "c1-auto", partitions: 1);
        await ProduceAsync(run);
        var profile = new ConsumerProfile { Group = $"g-{run.Topic}", Commit = CommitMode.Auto, AutoCommitIntervalMs = 100, Properties = ShortSession, Process = WorkerProcess.Child };

        await using (var doomed = await Workers.StartConsumerAsync(profile, run.Context(0, new WorkerPause(WorkerCounter.Polled, polled)), CancellationToken.None))
        {
            await doomed.WaitPausedAsync(CancellationToken.None).WaitAsync(WorkloadRun.Deadline);
            // The client's timer commits what poll returned, processed or not: wait until the broker holds it.
            await WorkloadRun.WaitUntilAsync(() => doomed.Counters.CommittedOffsetLead == polled, "an auto commit of every polled record", () => doomed.Counters);
            var counters = doomed.Counters;
            Assert.That((counters.Polled, counters.Processed), Is.EqualTo((polled, 0)), "paused after the poll, before any processing");
            await doomed.KillAsync(CancellationToken.None);
        }
        await DrainWithReplacementAsync(run, profile with { Process = WorkerProcess.InProcess });

        var result = await run.CheckAsync(consumptionExpected: true);

        Assert.That(result.Counts.Unprocessed, Is.EqualTo(polled), "exactly the polled-but-unprocessed records are lost to the consumer");
        var unprocessed = result.Find(FindingKind.Unprocessed)!;
        Assert.That(unprocessed.Examples, Is.Not.Empty);
        Assert.That(unprocessed.Examples.Select(e => e.Id!.Value.Sequence), Is.All.LessThan(polled));
        Assert.That(result.Counts.AckedLost + result.Counts.Unexpected + result.Counts.DuplicatesInLog + result.Counts.DuplicateProcessing, Is.Zero);

        // Claim C5: resetting the group's offsets to the beginning recovers the lost consumption (at the price of duplicates).
        await ConsumerGroupOffsets.RewindToBeginningAsync(Cluster.Clients, profile.Group, run.Topic, run.Partitions, CancellationToken.None);
        Assert.That(await ConsumerGroupOffsets.GetAsync(Cluster.Clients, profile.Group, run.Topic, run.Partitions, CancellationToken.None), Is.EquivalentTo(new Dictionary<int, long> { [0] = 0 }));
        await DrainWithReplacementAsync(run, profile);
        var recovered = await run.CheckAsync(consumptionExpected: true);
        Assert.That(recovered.Counts.Unprocessed, Is.Zero);
        Assert.That(recovered.Counts.DuplicateProcessing, Is.EqualTo(Messages - polled), "the records processed before the rewind are processed again");
    }

    [TestCase(false, 1)]
    [TestCase(true, 0)]
    public async Task Manual_commit_then_sigkill_after_processing_before_commit_loses_nothing(bool dedupe, int duplicates)
    {
        const int processed = 200;
        using var run = await WorkloadRun.CreateAsync(Cluster, dedupe ? "c4-dedupe" : "c3-manual", partitions: 1);
        await ProduceAsync(run);
        var profile = new ConsumerProfile { Group = $"g-{run.Topic}", Commit = CommitMode.ManualSync, Dedupe = dedupe, Properties = ShortSession, Process = WorkerProcess.Child };

        await using (var doomed = await Workers.StartConsumerAsync(profile, run.Context(0, new WorkerPause(WorkerCounter.Processed, processed)), CancellationToken.None))
        {
            await doomed.WaitPausedAsync(CancellationToken.None).WaitAsync(WorkloadRun.Deadline);
            Assert.That(doomed.Counters.Processed, Is.EqualTo(processed));
            Assert.That(doomed.Counters.Committed, Is.EqualTo(processed - 1), "the last processed record is not committed yet");
            await doomed.KillAsync(CancellationToken.None);
        }
        await DrainWithReplacementAsync(run, profile);

        var result = await run.CheckAsync(consumptionExpected: true);

        Assert.That(result.Counts.Unprocessed, Is.Zero);
        Assert.That(result.Counts.DuplicateProcessing, Is.EqualTo(duplicates), "the record processed but not committed is redelivered");
        if (duplicates > 0) Assert.That(result.Find(FindingKind.DuplicateProcessing)!.Examples.Single().Id, Is.EqualTo(new MessageId(0, processed - 1)));
        Assert.That(result.Counts.AckedLost + result.Counts.Unexpected + result.Counts.DuplicatesInLog, Is.Zero);
    }

    [Test]
    public async Task Fire_and_forget_producer_sigkilled_with_its_buffer_full_loses_it_silently()
    {
        const int sent = 300;
        using var run = await WorkloadRun.CreateAsync(Cluster, "p1-buffer");
        // A long linger and a batch far larger than the messages: everything sent stays in the client's buffer.
        var profile = new ProducerProfile
        {
            SendMode = SendMode.FireAndForget, Messages = Messages, LingerMs = 60_000, DeliveryTimeoutMs = 120_000, BatchSize = 1_000_000, Process = WorkerProcess.Child,
        };

        await using (var doomed = await Workers.StartProducerAsync(profile, run.Context(0, new WorkerPause(WorkerCounter.Sent, sent)), CancellationToken.None))
        {
            await doomed.WaitPausedAsync(CancellationToken.None).WaitAsync(WorkloadRun.Deadline);
            Assert.That(doomed.Counters, Is.EqualTo(new WorkerCounters(Sent: sent)));
            await doomed.KillAsync(CancellationToken.None);
        }

        var result = await run.CheckAsync(consumptionExpected: false);

        Assert.That(result.Counts.Sent, Is.EqualTo(sent), "the application believes it sent these");
        Assert.That(result.Counts.SilentlyLost, Is.EqualTo(sent));
        Assert.That(result.Find(FindingKind.SilentlyLost)!.Examples, Is.Not.Empty);
        Assert.That(result.Counts.Acked + result.Counts.AckedLost + result.Counts.Unexpected, Is.Zero);
    }

    private async Task ProduceAsync(WorkloadRun run)
    {
        await using var producer = await Workers.StartProducerAsync(new ProducerProfile { SendMode = SendMode.Callback, Messages = Messages }, run.Context(0), CancellationToken.None);
        await producer.Completion.WaitAsync(WorkloadRun.Deadline);
        await producer.StopAsync(CancellationToken.None);
    }

    /// <summary>A replacement consumer of the same group drains the topic (once the killed member's session expired).</summary>
    private async Task DrainWithReplacementAsync(WorkloadRun run, ConsumerProfile profile)
    {
        await using var replacement = await Workers.StartConsumerAsync(profile with { Process = WorkerProcess.InProcess }, run.Context(0), CancellationToken.None);
        bool caughtUp = await ConsumerGroupOffsets.WaitCaughtUpAsync(Cluster.Clients, profile.Group, run.Topic, run.Partitions, WorkloadRun.Deadline, TimeProvider.System, CancellationToken.None);
        Assert.That(caughtUp, Is.True, $"the replacement drained the topic; counters {replacement.Counters}");
        await replacement.StopAsync(CancellationToken.None);
    }
}
