using KafkaChaos.Checkers;
using KafkaChaos.History;
using KafkaChaos.Tests.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.Checkers;

/// <summary>End to end through the files: workers write ledgers, the runner saves the final read, the checker reads both.</summary>
internal sealed class RunDirectoryTests
{
    [Test]
    public async Task A_run_directory_is_checked_from_its_files()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(ManualTimeProvider.DefaultStart, TimeSpan.FromMilliseconds(10));
        var final = new FinalReadBuilder("orders");
        using (var producer = HistoryWriter.Create(dir.Path, "producer-0", clock))
        using (var consumer = HistoryWriter.Create(dir.Path, "consumer-0", clock))
        {
            producer.RecordNote("warm-up");
            MessageId[] batch = [new(0, 0), new(0, 1), new(0, 2), new(0, 3)];
            producer.RecordInvocations(batch, resultIgnored: false);
            producer.RecordFault("leader-kill", FaultPhase.Started, "broker 1");
            producer.RecordCompletion(batch[0], SendOutcome.Ok(0, 0));
            producer.RecordCompletion(batch[1], SendOutcome.Ok(0, 1)); // acked, then truncated away
            producer.RecordCompletion(batch[2], SendOutcome.Fail("NotEnoughReplicas", "isr 1 < 2"));
            producer.RecordCompletion(batch[3], SendOutcome.Indeterminate("timed out"));
            producer.RecordFault("leader-kill", FaultPhase.Healed, "");
            final.Add(0, 0, MessageEnvelope.Encode(batch[0], 64));
            final.Add(0, 1, MessageEnvelope.Encode(batch[3], 64));
            consumer.RecordConsumed(batch[0], 0, 0, 1, 1);
            consumer.RecordProcessed(batch[0], 0, 0, 1);
            consumer.RecordCommitted(1, 0, 1);
        }
        await FinalReadFile.SaveAsync(final.Build(), Path.Combine(dir.Path, FinalReadFile.FileName));

        var r = await HistoryChecker.CheckRunDirectoryAsync(dir.Path, new CheckOptions { ConsumptionExpected = true });

        Assert.That(r.Counts, Is.EqualTo(new CheckCounts
        {
            Sent = 4, Acked = 2, Failed = 1, Indeterminate = 1, AckedLost = 1, UnackedPresent = 1, Unprocessed = 1,
        }));
        Assert.That(r.Find(FindingKind.TruncatedAckedOffsets)!.Examples.Single().Detail, Is.EqualTo("0:1 acknowledged at p0@1; the final read has 0:3 there"));
        // Indeterminate sends count too: under the error name before the reason, else INDETERMINATE.
        Assert.That(r.FailuresByErrorCode, Is.EqualTo(new Dictionary<string, long> { ["NotEnoughReplicas"] = 1, ["INDETERMINATE"] = 1 }));
        Assert.That(r.TimeRange!.Value.First, Is.EqualTo(ManualTimeProvider.DefaultStart + TimeSpan.FromMilliseconds(20)));
    }
}
