using KafkaChaos.Checkers;
using KafkaChaos.Cluster;
using KafkaChaos.Scenarios;
using KafkaChaos.Tests.Support;
using KafkaChaos.Workload;
using NUnit.Framework;

namespace KafkaChaos.Tests.Workload;

/// <summary>No fault: every send mode and every commit mode yields a history with zero anomalies.</summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class CleanRunTests : ClusterFixture
{
    private const int Messages = 1000;
    [TestCase(SendMode.FireAndForget, AcksMode.Leader)]
    [TestCase(SendMode.AwaitEach, AcksMode.All)]
    [TestCase(SendMode.Callback, AcksMode.All)]
    [TestCase(SendMode.Callback, AcksMode.None)]
    [TestCase(SendMode.CallbackRetry, AcksMode.All)]
    [TestCase(SendMode.DeadLetter, AcksMode.All)]
    public async Task A_clean_run_of_a_send_mode_acknowledges_everything_once(SendMode mode, AcksMode acks)
    {
        using var run = await WorkloadRun.CreateAsync(Cluster, $"clean-{mode}-{acks}".ToLowerInvariant());
        var profile = new ProducerProfile { SendMode = mode, Acks = acks, Messages = mode == SendMode.AwaitEach ? 300 : Messages, KeyPolicy = KeyPolicy.Sequence };
        await using (var producer = await Workers.StartProducerAsync(profile, run.Context(0), CancellationToken.None))
        {
            await producer.Completion.WaitAsync(WorkloadRun.Deadline);
            await producer.StopAsync(CancellationToken.None);
            Assert.That(producer.Counters, Is.EqualTo(new WorkerCounters(Sent: profile.Messages, Acked: profile.Messages)));
        }

        var result = await run.CheckAsync(consumptionExpected: false);

        Assert.That(result.HasAnomalies, Is.False);
        Assert.That(result.Counts, Is.EqualTo(new CheckCounts { Sent = profile.Messages, Acked = profile.Messages }));
        if (mode == SendMode.DeadLetter) Assert.That(DeadLetterStore.Read(DeadLetterStore.PathFor(run.RunDirectory, 0)), Is.Empty);
    }

    [TestCase(CommitMode.Auto, CommitEvery.Message, false)]
    [TestCase(CommitMode.ManualSync, CommitEvery.Message, false)]
    [TestCase(CommitMode.ManualSync, CommitEvery.Batch, false)]
    [TestCase(CommitMode.ManualAsync, CommitEvery.Message, false)]
    [TestCase(CommitMode.ManualAsync, CommitEvery.Batch, false)]
    [TestCase(CommitMode.ManualSync, CommitEvery.Message, true)]
    public async Task A_clean_run_of_a_commit_mode_processes_everything_once(CommitMode commit, CommitEvery every, bool dedupe)
    {
        using var run = await WorkloadRun.CreateAsync(Cluster, $"clean-{commit}-{every}".ToLowerInvariant());
        var producerProfile = new ProducerProfile { SendMode = SendMode.Callback, Messages = Messages };
        var consumerProfile = new ConsumerProfile
        {
            Group = $"g-{run.Topic}", Commit = commit, CommitEvery = every, Dedupe = dedupe, AutoCommitIntervalMs = 200,
            MaxPollRecords = 100, Process = WorkerProcess.InProcess,
        };
        await using (var producer = await Workers.StartProducerAsync(producerProfile, run.Context(0), CancellationToken.None))
        await using (var consumer = await Workers.StartConsumerAsync(consumerProfile, run.Context(0), CancellationToken.None))
        {
            await producer.Completion.WaitAsync(WorkloadRun.Deadline);
            await producer.StopAsync(CancellationToken.None);
            await WorkloadRun.WaitUntilAsync(() => consumer.Counters.Processed >= Messages, "everything processed", () => consumer.Counters);
            await consumer.StopAsync(CancellationToken.None);
            Assert.That(consumer.Counters.Polled, Is.EqualTo(Messages));
            Assert.That(consumer.Counters.Committed, Is.GreaterThan(0));
            Assert.That(consumer.Counters.CommittedOffsetLead, Is.Zero);
        }
        var committed = await ConsumerGroupOffsets.GetAsync(Cluster.Clients, consumerProfile.Group, run.Topic, run.Partitions, CancellationToken.None);
        var ends = await ConsumerGroupOffsets.GetHighWatermarksAsync(Cluster.Clients, run.Topic, run.Partitions, CancellationToken.None);
        foreach (var (partition, end) in ends.Where(e => e.Value > 0))
        {
            Assert.That(committed[partition], Is.EqualTo(end), $"the final commit covers partition {partition}");
        }

        var result = await run.CheckAsync(consumptionExpected: true);

        Assert.That(result.HasAnomalies, Is.False);
        Assert.That(result.Counts, Is.EqualTo(new CheckCounts { Sent = Messages, Acked = Messages }));
    }

    [Test]
    public async Task Dead_letters_of_refused_messages_are_replayed_and_nothing_is_lost()
    {
        const int count = 200;
        using var run = await WorkloadRun.CreateAsync(Cluster, "d4-deadletter");
        // librdkafka refuses messages over message.max.bytes before sending: a non-retriable failure.
        var tooSmall = new ProducerProfile
        {
            SendMode = SendMode.DeadLetter, Messages = count, MessageBytes = 2000,
            Properties = new Dictionary<string, string> { ["message.max.bytes"] = "1000" },
        };
        await using (var producer = await Workers.StartProducerAsync(tooSmall, run.Context(0), CancellationToken.None))
        {
            await producer.Completion.WaitAsync(WorkloadRun.Deadline);
            await producer.StopAsync(CancellationToken.None);
            Assert.That(producer.Counters, Is.EqualTo(new WorkerCounters(Failed: count)));
        }
        var parked = DeadLetterStore.Read(DeadLetterStore.PathFor(run.RunDirectory, 0));
        Assert.That(parked, Has.Count.EqualTo(count));
        Assert.That(parked[0].ErrorCode, Is.EqualTo("MSG_SIZE_TOO_LARGE"));

        var replay = await Workers.ReplayDeadLettersAsync(tooSmall with { Properties = new Dictionary<string, string>() }, run.Context(0), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.That(replay, Is.EqualTo(new DeadLetterReplay(count, count, 0, Rounds: 1)));
        Assert.That(DeadLetterStore.Read(DeadLetterStore.PathFor(run.RunDirectory, 0)), Is.Empty);
        var result = await run.CheckAsync(consumptionExpected: false);
        Assert.That(result.HasAnomalies, Is.False);
        Assert.That(result.Counts, Is.EqualTo(new CheckCounts { Sent = count, Acked = count }));
        Assert.That(result.FailuresByErrorCode["MSG_SIZE_TOO_LARGE"], Is.EqualTo(count));
    }

    [Test]
    public async Task An_in_process_producer_paused_then_killed_leaves_a_consistent_ledger()
    {
        using var run = await WorkloadRun.CreateAsync(Cluster, "inproc-kill");
        var profile = new ProducerProfile { SendMode = SendMode.Callback, Messages = Messages, LingerMs = 50, RatePerSecond = 1000 };
        await using (var producer = await Workers.StartProducerAsync(profile, run.Context(0, new WorkerPause(WorkerCounter.Acked, 100)), CancellationToken.None))
        {
            await producer.WaitPausedAsync(CancellationToken.None).WaitAsync(WorkloadRun.Deadline);
            Assert.That(producer.Counters.Acked, Is.GreaterThanOrEqualTo(100));
            Assert.That(producer.Counters.Sent, Is.LessThan(Messages), "no further sends after the gate");
            await producer.KillAsync(CancellationToken.None);
            Assert.That(producer.Completion.IsCompleted, Is.True);
        }

        var result = await run.CheckAsync(consumptionExpected: false);

        Assert.That(result.Counts.Acked, Is.GreaterThanOrEqualTo(100));
        Assert.That(result.Findings.Where(f => f.Kind is not (FindingKind.UnackedAbsent or FindingKind.UnackedPresent)), Is.Empty);
    }

    [Test]
    public async Task A_fire_and_forget_producer_stopped_mid_run_delivers_everything_it_invoked()
    {
        using var run = await WorkloadRun.CreateAsync(Cluster, "stop-midway");
        var profile = new ProducerProfile { SendMode = SendMode.FireAndForget, Messages = 100_000, RatePerSecond = 2000 };
        await using (var producer = await Workers.StartProducerAsync(profile, run.Context(0), CancellationToken.None))
        {
            await WorkloadRun.WaitUntilAsync(() => producer.Counters.Sent >= 300, "300 sends", () => producer.Counters);
            await producer.StopAsync(CancellationToken.None);
            Assert.That(producer.Counters.Acked, Is.EqualTo(producer.Counters.Sent));
        }

        var result = await run.CheckAsync(consumptionExpected: false);

        Assert.That(result.HasAnomalies, Is.False, "no invoked message is left behind by a graceful stop");
        Assert.That(result.Counts.Acked, Is.EqualTo(result.Counts.Sent));
    }

    [TestCase(CommitMode.ManualSync, CommitEvery.Batch)]
    [TestCase(CommitMode.ManualAsync, CommitEvery.Message)]
    public async Task A_rebalance_between_two_manual_committers_duplicates_nothing(CommitMode commit, CommitEvery every)
    {
        using var run = await WorkloadRun.CreateAsync(Cluster, $"rebalance-{commit}".ToLowerInvariant());
        var consumerProfile = new ConsumerProfile
        {
            Group = $"g-{run.Topic}", Commit = commit, CommitEvery = every, MaxPollRecords = 50, ProcessingMs = 1, Process = WorkerProcess.InProcess,
        };
        await using var producer = await Workers.StartProducerAsync(new ProducerProfile { SendMode = SendMode.Callback, Messages = 1500, RatePerSecond = 1000 }, run.Context(0), CancellationToken.None);
        await using var first = await Workers.StartConsumerAsync(consumerProfile, run.Context(0), CancellationToken.None);
        await WorkloadRun.WaitUntilAsync(() => first.Counters.Processed >= 200, "the first consumer is under way", () => first.Counters);
        await using var second = await Workers.StartConsumerAsync(consumerProfile, run.Context(1), CancellationToken.None);
        await producer.Completion.WaitAsync(WorkloadRun.Deadline);
        await producer.StopAsync(CancellationToken.None);
        bool caughtUp = await ConsumerGroupOffsets.WaitCaughtUpAsync(Cluster.Clients, consumerProfile.Group, run.Topic, run.Partitions, WorkloadRun.Deadline, TimeProvider.System, CancellationToken.None);
        Assert.That(caughtUp, Is.True, $"drained; {first.Counters} / {second.Counters}");
        await second.StopAsync(CancellationToken.None);
        await first.StopAsync(CancellationToken.None);
        Assert.That(second.Counters.Processed, Is.GreaterThan(0), "the second consumer took partitions over");

        var result = await run.CheckAsync(consumptionExpected: true);

        Assert.That(result.HasAnomalies, Is.False);
    }
}
