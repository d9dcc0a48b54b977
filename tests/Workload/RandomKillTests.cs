using KafkaChaos.Checkers;
using KafkaChaos.Cluster;
using KafkaChaos.Scenarios;
using KafkaChaos.Tests.Support;
using KafkaChaos.Workload;
using NUnit.Framework;

namespace KafkaChaos.Tests.Workload;

/// <summary>
/// A child worker SIGKILLed at seeded random points (a random pause gate, or a random moment) never makes the
/// checkers report a false anomaly: only unacknowledged or indeterminate outcomes may appear. Replay a failure
/// with <c>KAFKA_CHAOS_SEED</c>.
/// </summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class RandomKillTests : ClusterFixture
{
    private const int Rounds = 20;
    private const int Messages = 300;
    [Test]
    public async Task Sigkill_at_random_points_never_creates_a_false_anomaly()
    {
        int seed = Environment.GetEnvironmentVariable("KAFKA_CHAOS_SEED") is { Length: > 0 } text ? int.Parse(text) : Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed} (set KAFKA_CHAOS_SEED={seed} to replay)");
        var random = new Random(seed);
        for (int round = 0; round < Rounds; round++)
        {
            if (random.Next(2) == 0) await KillProducerAsync(round, random);
            else await KillConsumerAsync(round, random);
        }
    }

    private async Task KillProducerAsync(int round, Random random)
    {
        var mode = Enum.GetValues<SendMode>()[random.Next(5)];
        var profile = new ProducerProfile
        {
            SendMode = mode,
            Acks = random.Next(2) == 0 ? AcksMode.Leader : AcksMode.All,
            Messages = mode == SendMode.AwaitEach ? Messages / 3 : Messages,
            LingerMs = random.Next(0, 20),
            KeyPolicy = Enum.GetValues<KeyPolicy>()[random.Next(4)],
            Process = WorkerProcess.Child,
        };
        var pause = random.Next(3) == 0 ? null : new WorkerPause(random.Next(2) == 0 ? WorkerCounter.Sent : WorkerCounter.Acked, random.Next(1, profile.Messages + 1));
        var delay = TimeSpan.FromMilliseconds(random.Next(0, 1500));
        using var run = await WorkloadRun.CreateAsync(Cluster, $"kill-{round}");
        TestContext.Out.WriteLine($"round {round}: producer {mode} acks={profile.Acks} linger={profile.LingerMs} keys={profile.KeyPolicy}, kill {(pause is null ? $"after {delay.TotalMilliseconds} ms" : $"at {pause.Counter} {pause.Count}")}");

        await using (var worker = await Workers.StartProducerAsync(profile, run.Context(round, pause), CancellationToken.None))
        {
            await KillAsync(worker, pause, delay);
        }
        var result = await run.CheckAsync(consumptionExpected: false);

        AssertNoFalseAnomaly(result, silentLossAllowed: mode == SendMode.FireAndForget, round);
    }

    private async Task KillConsumerAsync(int round, Random random)
    {
        var profile = new ConsumerProfile
        {
            Group = $"g-kill-{round}",
            Commit = Enum.GetValues<CommitMode>()[random.Next(3)],
            CommitEvery = random.Next(2) == 0 ? CommitEvery.Message : CommitEvery.Batch,
            Dedupe = random.Next(2) == 0,
            AutoCommitIntervalMs = 100,
            MaxPollRecords = random.Next(1, 200),
            Process = WorkerProcess.Child,
        };
        var counter = profile.Commit == CommitMode.Auto
            ? (random.Next(2) == 0 ? WorkerCounter.Polled : WorkerCounter.Processed)
            : new[] { WorkerCounter.Polled, WorkerCounter.Processed, WorkerCounter.Committed }[random.Next(3)];
        var pause = random.Next(3) == 0 ? null : new WorkerPause(counter, random.Next(1, counter == WorkerCounter.Committed && profile.CommitEvery == CommitEvery.Batch ? 2 : Messages + 1));
        var delay = TimeSpan.FromMilliseconds(random.Next(0, 3000));
        using var run = await WorkloadRun.CreateAsync(Cluster, $"kill-{round}");
        TestContext.Out.WriteLine($"round {round}: consumer {profile.Commit}/{profile.CommitEvery} dedupe={profile.Dedupe} maxPoll={profile.MaxPollRecords}, kill {(pause is null ? $"after {delay.TotalMilliseconds} ms" : $"at {pause.Counter} {pause.Count}")}");
        await using (var producer = await Workers.StartProducerAsync(new ProducerProfile { SendMode = SendMode.Callback, Messages = Messages }, run.Context(round), CancellationToken.None))
        {
            await producer.Completion.WaitAsync(WorkloadRun.Deadline);
            await producer.StopAsync(CancellationToken.None);
        }

        await using (var worker = await Workers.StartConsumerAsync(profile, run.Context(round, pause), CancellationToken.None))
        {
            await KillAsync(worker, pause, delay);
        }
        var result = await run.CheckAsync(consumptionExpected: false);

        AssertNoFalseAnomaly(result, silentLossAllowed: false, round);
    }

    private static async Task KillAsync(IWorker worker, WorkerPause? pause, TimeSpan delay)
    {
        if (pause is not null) await worker.WaitPausedAsync(CancellationToken.None).WaitAsync(WorkloadRun.Deadline);
        else await Task.WhenAny(worker.Completion, Task.Delay(delay)); // the fault's random moment
        await worker.KillAsync(CancellationToken.None);
    }

    private static void AssertNoFalseAnomaly(CheckResult result, bool silentLossAllowed, int round)
    {
        var allowed = new HashSet<FindingKind> { FindingKind.UnackedAbsent, FindingKind.UnackedPresent };
        if (silentLossAllowed) allowed.Add(FindingKind.SilentlyLost);
        var unexpected = result.Findings.Where(f => !allowed.Contains(f.Kind)).Select(f => $"{f.Kind} {f.Count}").ToList();
        Assert.That(unexpected, Is.Empty, $"round {round}: false anomalies; counts {result.Counts}");
    }
}
