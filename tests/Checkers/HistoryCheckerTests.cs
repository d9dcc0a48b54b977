using KafkaChaos.Checkers;
using KafkaChaos.History;
using NUnit.Framework;
using static KafkaChaos.Tests.Checkers.LedgerScenario;

namespace KafkaChaos.Tests.Checkers;

internal sealed class HistoryCheckerTests
{
    private static readonly CheckOptions Consuming = new() { ConsumptionExpected = true };

    [Test]
    public void A_clean_run_has_no_findings()
    {
        var s = new LedgerScenario();
        for (int i = 0; i < 5; i++)
        {
            s.Delivered(Id(1, i), 0, i).ConsumedAndProcessed(Id(1, i), 0, i);
        }
        var r = s.Check(Consuming);
        Assert.That(r.Findings, Is.Empty);
        Assert.That(r.HasAnomalies, Is.False);
        Assert.That(r.Counts, Is.EqualTo(new CheckCounts { Sent = 5, Acked = 5 }));
    }

    [Test]
    public void Acked_but_lost_reports_the_acknowledged_position()
    {
        var r = new LedgerScenario()
            .Delivered(Id(1, 0), 0, 0)
            .Invoke(Id(1, 1)).Complete(Id(1, 1), SendOutcome.Ok(0, 1))
            .Delivered(Id(1, 2), 0, 2)
            .Check();

        Assert.That(r.Counts.AckedLost, Is.EqualTo(1));
        var lost = r.Find(FindingKind.AckedLost)!;
        Assert.That(lost.IsAnomaly, Is.True);
        var example = lost.Examples.Single();
        Assert.That(example.Id, Is.EqualTo(Id(1, 1)));
        Assert.That(example.Partitions, Is.EqualTo(new[] { 0 }));
        Assert.That(example.Offsets, Is.EqualTo(new[] { 1L }));
        Assert.That(example.Detail, Does.Contain("Ok(p0@1)").And.Contain("absent from the final read"));
        Assert.That(r.Find(FindingKind.AckedLostAfterConsumption), Is.Null);
    }

    [Test]
    public void Acked_offsets_that_now_hold_other_ids_are_reported_as_truncation()
    {
        // Leader acked 0..2, died; the new leader had only 0 and then took new writes at 1 and 2 (claim K1).
        var r = new LedgerScenario()
            .Delivered(Id(1, 0), 0, 0)
            .Invoke(Id(1, 1)).Complete(Id(1, 1), SendOutcome.Ok(0, 1)).Consumed(Id(1, 1), 0, 1)
            .Invoke(Id(1, 2)).Complete(Id(1, 2), SendOutcome.Ok(0, 2))
            .Delivered(Id(1, 3), 0, 1)
            .Delivered(Id(1, 4), 0, 2)
            .Check();

        var truncated = r.Find(FindingKind.TruncatedAckedOffsets)!;
        Assert.That(truncated.Count, Is.EqualTo(2));
        Assert.That(truncated.Summary, Is.EqualTo("p0: 2 acknowledged offsets in 1..2"));
        Assert.That(truncated.Examples.Select(e => e.Detail), Is.EqualTo(new[]
        {
            "1:1 acknowledged at p0@1; the final read has 1:3 there",
            "1:2 acknowledged at p0@2; the final read has 1:4 there",
        }));
        Assert.That(r.Counts.AckedLost, Is.EqualTo(2));
        Assert.That(r.Find(FindingKind.AckedLostAfterConsumption)!.Examples.Single().Id, Is.EqualTo(Id(1, 1)));
    }

    [Test]
    public void Failed_and_absent_is_expected_not_an_anomaly()
    {
        var r = new LedgerScenario()
            .Invoke(Id(1, 0)).Complete(Id(1, 0), SendOutcome.Fail("MsgSizeTooLarge", "too big"))
            .Invoke(Id(1, 1)).Complete(Id(1, 1), SendOutcome.Fail("MsgSizeTooLarge", "too big"))
            .Invoke(Id(1, 2)).Complete(Id(1, 2), SendOutcome.Fail("NotEnoughReplicas", "isr"))
            .Check();

        Assert.That(r.HasAnomalies, Is.False);
        Assert.That(r.Counts, Is.EqualTo(new CheckCounts { Sent = 3, Failed = 3 }));
        Assert.That(r.Find(FindingKind.UnackedAbsent)!.Count, Is.EqualTo(3));
        Assert.That(r.FailuresByErrorCode, Is.EqualTo(new Dictionary<string, long> { ["MsgSizeTooLarge"] = 2, ["NotEnoughReplicas"] = 1 }));
    }

    [Test]
    public void Unacknowledged_but_present_is_recovered()
    {
        var r = new LedgerScenario()
            .Invoke(Id(1, 0)).Complete(Id(1, 0), SendOutcome.Indeterminate("timeout")).Stored(0, 0, Id(1, 0))
            .Invoke(Id(1, 1)).Stored(0, 1, Id(1, 1)) // no completion at all: the worker died
            .Check();

        Assert.That(r.Counts.UnackedPresent, Is.EqualTo(2));
        Assert.That(r.Counts.Indeterminate, Is.EqualTo(2));
        var f = r.Find(FindingKind.UnackedPresent)!;
        Assert.That(f.IsAnomaly, Is.False);
        Assert.That(f.Examples[0].Detail, Is.EqualTo("1:0: Indeterminate(timeout); stored at p0@0"));
        Assert.That(f.Examples[1].Detail, Is.EqualTo("1:1: no completion; stored at p0@1"));
        Assert.That(f.Summary, Is.EqualTo("indeterminate: 2; failed (a Fail that was written after all): 0"));
        Assert.That(r.HasAnomalies, Is.False);
    }

    [Test]
    public void A_retried_id_counts_as_acked_if_any_attempt_was_acked()
    {
        var r = new LedgerScenario()
            .Invoke(Id(1, 0)).Complete(Id(1, 0), SendOutcome.Fail("Timeout", "x"))
            .Invoke(Id(1, 0)).Complete(Id(1, 0), SendOutcome.Ok(0, 0)).Stored(0, 0, Id(1, 0))
            .Invoke(Id(1, 1)).Complete(Id(1, 1), SendOutcome.Fail("Timeout", "x"))
            .Invoke(Id(1, 1)) // retry still pending: not (yet) failed
            .Check();
        Assert.That(r.Counts, Is.EqualTo(new CheckCounts { Sent = 2, Acked = 1, Indeterminate = 1 }));
    }

    [Test]
    public void Fire_and_forget_ids_absent_from_the_log_are_silently_lost_whatever_the_report_said()
    {
        var r = new LedgerScenario()
            .Invoke(Id(1, 0), resultIgnored: true).Complete(Id(1, 0), SendOutcome.Fail("Local_MsgTimedOut", "delivery timeout"))
            .Invoke(Id(1, 1), resultIgnored: true) // no report ever came
            .Delivered(Id(1, 2), 0, 0, resultIgnored: true)
            .Check();

        Assert.That(r.Counts.SilentlyLost, Is.EqualTo(2));
        Assert.That(r.Counts.AckedLost, Is.Zero);
        var f = r.Find(FindingKind.SilentlyLost)!;
        Assert.That(f.Examples.Select(e => e.Detail), Is.EqualTo(new[]
        {
            "1:0: fire-and-forget; delivery report: Fail(Local_MsgTimedOut: delivery timeout); absent from the final read",
            "1:1: fire-and-forget; delivery report: no completion; absent from the final read",
        }));
    }

    [Test]
    public void Acks_zero_loss_is_acked_lost_without_truncation_evidence()
    {
        // acks=0: the client reports success with no offset.
        var r = new LedgerScenario()
            .Invoke(Id(1, 0)).Complete(Id(1, 0), SendOutcome.Ok(0, -1))
            .Check();
        Assert.That(r.Counts.AckedLost, Is.EqualTo(1));
        Assert.That(r.Find(FindingKind.TruncatedAckedOffsets), Is.Null);
    }

    [Test]
    public void Unprocessed_is_reported_only_when_consumption_was_expected()
    {
        var s = new LedgerScenario()
            .Delivered(Id(1, 0), 0, 0).ConsumedAndProcessed(Id(1, 0), 0, 0)
            .Delivered(Id(1, 1), 0, 1).Consumed(Id(1, 1), 0, 1) // consumed, crashed before processing, offset committed
            .Delivered(Id(1, 2), 0, 2);

        Assert.That(s.Check().Counts.Unprocessed, Is.Zero);
        var r = s.Check(Consuming);
        Assert.That(r.Counts.Unprocessed, Is.EqualTo(2));
        var f = r.Find(FindingKind.Unprocessed)!;
        Assert.That(f.Examples.Select(e => e.Detail), Is.EqualTo(new[]
        {
            "1:1: stored at p0@1; consumed at p0@1 by consumer 1; never processed",
            "1:2: stored at p0@2; never processed",
        }));
        Assert.That(f.Examples[0].Offsets, Is.EqualTo(new[] { 1L }));
        Assert.That(f.Summary, Is.EqualTo("behind the group's committed offset (skipped for good): 0; not yet reached by the consumers: 2"));
    }

    [Test]
    public void Unprocessed_ids_behind_a_commit_are_told_apart_from_an_unfinished_drain()
    {
        // Auto commit moved the group to offset 3 while 1:1 was still being processed; the consumer crashed.
        var s = new LedgerScenario()
            .Delivered(Id(1, 0), 0, 0).ConsumedAndProcessed(Id(1, 0), 0, 0)
            .Delivered(Id(1, 1), 0, 1).Consumed(Id(1, 1), 0, 1)
            .Delivered(Id(1, 2), 0, 2).Consumed(Id(1, 2), 0, 2)
            .Delivered(Id(1, 3), 0, 3)
            .Delivered(Id(1, 4), 1, 0);
        s.Committed(0, 3);
        var f = s.Check(Consuming).Find(FindingKind.Unprocessed)!;
        Assert.That(f.Count, Is.EqualTo(4));
        Assert.That(f.Summary, Is.EqualTo("behind the group's committed offset (skipped for good): 2; not yet reached by the consumers: 2"));
    }

    [Test]
    public void Duplicates_in_the_log_list_every_offset()
    {
        var r = new LedgerScenario()
            .Delivered(Id(1, 0), 0, 0)
            .Delivered(Id(1, 1), 0, 1).Stored(0, 2, Id(1, 1)).Stored(0, 3, Id(1, 1))
            .Delivered(Id(1, 2), 0, 4)
            .Check();

        Assert.That(r.Counts.DuplicatesInLog, Is.EqualTo(1));
        Assert.That(r.Counts.Reordered, Is.Zero, "a duplicate is not a reorder");
        var e = r.Find(FindingKind.DuplicateInLog)!.Examples.Single();
        Assert.That(e.Offsets, Is.EqualTo(new[] { 1L, 2L, 3L }));
        Assert.That(e.Detail, Does.Contain("(3 copies)"));
    }

    [Test]
    public void Duplicate_processing_lists_each_processing()
    {
        var r = new LedgerScenario()
            .Delivered(Id(1, 0), 0, 0)
            .ConsumedAndProcessed(Id(1, 0), 0, 0, consumer: 1)
            .ConsumedAndProcessed(Id(1, 0), 0, 0, consumer: 2)
            .Check(Consuming);

        Assert.That(r.Counts.DuplicateProcessing, Is.EqualTo(1));
        Assert.That(r.Find(FindingKind.DuplicateProcessing)!.Examples.Single().Detail,
            Is.EqualTo("1:0: processed at p0@0 by consumer 1, p0@0 by consumer 2"));
    }

    [Test]
    public void Reordering_is_per_producer_and_partition()
    {
        var r = new LedgerScenario()
            // producer 1 in p0: 0, 2, 1, 3 -> 1 is out of order
            .Delivered(Id(1, 0), 0, 0).Delivered(Id(1, 2), 0, 1).Delivered(Id(1, 1), 0, 2).Delivered(Id(1, 3), 0, 3)
            // producer 2 interleaved in p0 and p1, each in order
            .Delivered(Id(2, 1), 0, 4).Delivered(Id(2, 0), 1, 0).Delivered(Id(2, 2), 1, 1)
            .Check();

        Assert.That(r.Counts.Reordered, Is.EqualTo(1));
        var e = r.Find(FindingKind.Reordered)!.Examples.Single();
        Assert.That(e.Id, Is.EqualTo(Id(1, 1)));
        Assert.That(e.Offsets, Is.EqualTo(new[] { 1L, 2L }));
        Assert.That(e.Detail, Is.EqualTo("1:1 stored at p0@2, after 1:2 at p0@1"));
    }

    [Test]
    public void Retried_batch_reordering_counts_every_late_message()
    {
        // max.in.flight 5: batch (0,1) fails retriably, batch (2,3) lands, then (0,1) retried.
        var r = new LedgerScenario()
            .Delivered(Id(1, 2), 0, 0).Delivered(Id(1, 3), 0, 1).Delivered(Id(1, 0), 0, 2).Delivered(Id(1, 1), 0, 3)
            .Check();
        Assert.That(r.Counts.Reordered, Is.EqualTo(2));
    }

    [Test]
    public void Unexpected_ids_are_counted_once_wherever_they_appear()
    {
        var r = new LedgerScenario()
            .Delivered(Id(1, 0), 0, 0)
            .Stored(0, 1, Id(9, 0)).Consumed(Id(9, 0), 0, 1).Processed(Id(9, 0), 0, 1)  // never invoked producer
            .Stored(0, 2, Id(1, 5))                                                        // sequence never invoked
            .Stored(0, 3, null).Consumed(null, 0, 3)                                       // undecodable value
            .Consumed(Id(7, 7), 1, 0)                                                      // consumed only
            .Check();

        Assert.That(r.Counts.Unexpected, Is.EqualTo(4));
        var f = r.Find(FindingKind.Unexpected)!;
        Assert.That(f.Examples.Select(e => e.Detail), Is.EqualTo(new[]
        {
            "9:0 at p0@1: in the log, never invoked",
            "1:5 at p0@2: in the log, never invoked",
            "p0@3: undecodable value in the log",
            "7:7 at p1@0: consumed by consumer 1, never invoked",
        }));
    }

    [Test]
    public void Undecodable_values_show_their_first_bytes()
    {
        var s = new LedgerScenario();
        s.Log.Add(0, 0, "hi"u8);
        var e = s.Check().Find(FindingKind.Unexpected)!.Examples.Single();
        Assert.That(e.Id, Is.Null);
        Assert.That(e.Detail, Is.EqualTo("p0@0: undecodable value in the log (starts 6869)"));
    }

    [Test]
    public void Absence_in_an_unreadable_partition_is_unverifiable_not_lost()
    {
        var s = new LedgerScenario()
            .Invoke(Id(1, 0)).Complete(Id(1, 0), SendOutcome.Ok(1, 0))              // acked in unreadable p1
            .Invoke(Id(1, 1)).Complete(Id(1, 1), SendOutcome.Ok(0, 0))              // acked in readable p0, lost
            .Invoke(Id(1, 2), resultIgnored: true)                                   // partition unknown
            .Delivered(Id(1, 3), 0, 1);
        s.Log.MarkUnavailable(1, "no leader");
        var r = s.Check();

        Assert.That(r.Counts.AckedLost, Is.EqualTo(1));
        Assert.That(r.Counts.SilentlyLost, Is.Zero);
        var f = r.Find(FindingKind.Unverifiable)!;
        Assert.That(f.Count, Is.EqualTo(2));
        Assert.That(f.IsAnomaly, Is.False);
        Assert.That(f.Summary, Is.EqualTo("unreadable partitions: p1 (no leader)"));
    }

    [Test]
    public void Completions_without_invocations_are_flagged_as_ledger_bugs()
    {
        var r = new LedgerScenario().Complete(Id(3, 0), SendOutcome.Ok(0, 0)).Stored(0, 0, Id(3, 0)).Check();
        Assert.That(r.Find(FindingKind.CompletionWithoutInvocation)!.IsAnomaly, Is.False);
        Assert.That(r.Counts.Unexpected, Is.EqualTo(1));
    }

    [Test]
    public void Every_anomaly_is_collected_and_examples_are_capped()
    {
        var s = new LedgerScenario();
        for (int i = 0; i < 25; i++)
        {
            s.Invoke(Id(1, i)).Complete(Id(1, i), SendOutcome.Ok(0, i)); // all lost
        }
        s.Stored(0, 0, Id(5, 5)).Stored(0, 1, Id(5, 5));
        var r = s.Check(new CheckOptions { MaxExamples = 3 });
        Assert.That(r.Counts.AckedLost, Is.EqualTo(25));
        Assert.That(r.Find(FindingKind.AckedLost)!.Examples, Has.Count.EqualTo(3));
        Assert.That(r.Find(FindingKind.TruncatedAckedOffsets)!.Count, Is.EqualTo(25));
        Assert.That(r.Counts.Unexpected, Is.EqualTo(1));
        Assert.That(r.Findings.TakeWhile(f => f.IsAnomaly).Count(), Is.EqualTo(r.Findings.Count(f => f.IsAnomaly)), "anomalies come first");
    }

    [Test]
    public void Per_second_series_and_time_range()
    {
        var r = new LedgerScenario()
            .Invoke(Id(1, 0)).Invoke(Id(1, 1)).Invoke(Id(1, 2))            // t+1..3
            .Complete(Id(1, 0), SendOutcome.Ok(0, 0))                         // t+4
            .Complete(Id(1, 1), SendOutcome.Fail("X", "y"))                   // t+5
            .Complete(Id(1, 2), SendOutcome.Indeterminate("z"))               // t+6
            .Stored(0, 0, Id(1, 0)).Consumed(Id(1, 0), 0, 0)                  // t+7
            .Check();

        var start = new DateTimeOffset(2026, 11, 21, 12, 0, 1, TimeSpan.Zero);
        Assert.That(r.TimeRange, Is.EqualTo(new TimeRange(start, start.AddSeconds(6))));
        Assert.That(r.Series.Start, Is.EqualTo(start));
        Assert.That(r.Series.Sends, Is.EqualTo(new long[] { 1, 1, 1, 0, 0, 0, 0 }));
        Assert.That(r.Series.Acks, Is.EqualTo(new long[] { 0, 0, 0, 1, 0, 0, 0 }));
        Assert.That(r.Series.Failures, Is.EqualTo(new long[] { 0, 0, 0, 0, 1, 0, 0 }));
        Assert.That(r.Series.Indeterminate, Is.EqualTo(new long[] { 0, 0, 0, 0, 0, 1, 0 }));
        Assert.That(r.Series.Consumed, Is.EqualTo(new long[] { 0, 0, 0, 0, 0, 0, 1 }));
    }

    [Test]
    public void An_empty_history_checks_clean()
    {
        var r = HistoryChecker.Check(RunHistory.Empty, FinalRead.Empty);
        Assert.That(r.Findings, Is.Empty);
        Assert.That(r.TimeRange, Is.Null);
        Assert.That(r.Series.Length, Is.Zero);
    }

    [Test]
    public void Options_validate()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CheckOptions { MaxExamples = -1 });
        Assert.That(CheckOptions.Default.MaxExamples, Is.EqualTo(10));
        Assert.That(CheckOptions.Default.ConsumptionExpected, Is.False);
    }
}
