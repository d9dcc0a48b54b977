using KafkaChaos.Checkers;
using KafkaChaos.Cluster;
using KafkaChaos.Scenarios;
using KafkaChaos.Tests.Support;
using KafkaChaos.Workload;
using NUnit.Framework;

namespace KafkaChaos.Tests.Workload;

/// <summary>No fault: every send mode and every commit mode yields a history with zero anomalies.</summary>
[TestFixture, Category("Integration"), NonParallelizable]
public sealed class CleanRunTests
{
    private const int Messages = 1000;
    private KafkaCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartClusterAsync() => _cluster = await KafkaCluster.StartAsync(new ClusterOptions(), TestLog.Progress);

    [OneTimeTearDown]
    public async Task StopClusterAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    [TestCase(SendMode.FireAndForget, AcksMode.Leader)]
    [TestCase(SendMode.AwaitEach, AcksMode.All)]
    [TestCase(SendMode.Callback, AcksMode.All)]
    [TestCase(SendMode.Callback, AcksMode.None)]
    [TestCase(SendMode.CallbackRetry, AcksMode.All)]
    [TestCase(SendMode.DeadLetter, AcksMode.All)]
    public async Task A_clean_run_of_a_send_mode_acknowledges_everything_once(SendMode mode, AcksMode acks)
    {
        using var run = await WorkloadRun.CreateAsync(_cluster, $"clean-{mode}-{acks}".ToLowerInvariant());
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
        using var run = await WorkloadRun.CreateAsync(_cluster, $"clean-{commit}-{every}".ToLowerInvariant());
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
        var committed = await ConsumerGroupOffsets.GetAsync(_cluster.Clients, consumerProfile.Group, run.Topic, run.Partitions, CancellationToken.None);
        var ends = await ConsumerGroupOffsets.GetHighWatermarksAsync(_cluster.Clients, run.Topic, run.Partitions, CancellationToken.None);
        foreach (var (partition, end) in ends.Where(e => e.Value > 0))
        {
            Assert.That(committed[partition], Is.EqualTo(end), $"the final commit covers partition {partition}");
        }

        var result = await run.CheckAsync(consumptionExpected: true);

        Assert.That(result.HasAnomalies, Is.False);
        Assert.That(result.Counts, Is.EqualTo(new CheckCounts { Sent = Messages, Acked = Messages }));
    }
}
