using KafkaChaos.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.History;

internal sealed class HistoryWriterReaderTests
{
    private static readonly DateTimeOffset Start = ManualTimeProvider.DefaultStart;

    [Test]
    public async Task Every_event_kind_round_trips_with_its_timestamp()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(Start, TimeSpan.FromMilliseconds(1));
        using (var w = HistoryWriter.Create(dir.Path, "worker-1", clock))
        {
            w.RecordNote("warm-up");
            w.RecordInvocations([new MessageId(1, 0), new MessageId(1, 1)], resultIgnored: false);
            w.RecordInvocation(new MessageId(2, 0), resultIgnored: true);
            w.RecordCompletion(new MessageId(1, 0), SendOutcome.Ok(2, 1234567890123));
            w.RecordCompletion(new MessageId(1, 1), SendOutcome.Fail("NotEnoughReplicas", "minISR 2, ISR 1"));
            w.RecordCompletion(new MessageId(2, 0), SendOutcome.Indeterminate("Local_MsgTimedOut"));
            w.RecordConsumed(new MessageId(1, 0), 2, 1234567890123, consumerId: 7, generation: 3);
            w.RecordConsumed(null, 0, 5, consumerId: 7, generation: 3);
            w.RecordProcessed(new MessageId(1, 0), 2, 1234567890123, consumerId: 7);
            w.RecordCommitted(7, 2, 1234567890124);
            w.RecordFault("leader-kill", FaultPhase.Started, "broker 1 (pid 4242) SIGKILL");
            w.RecordFault("leader-kill", FaultPhase.Healed, "");
        }

        var h = await RunHistory.LoadAsync(dir.Path);

        long T(int readings) => (Start + TimeSpan.FromMilliseconds(readings)).UtcTicks;
        // Reading 0 is the header; each record takes the next reading (a batch shares one).
        Assert.That(h.Notes, Is.EqualTo(new[] { new Note(T(1), "warm-up") }));
        Assert.That(h.Invocations, Is.EqualTo(new[]
        {
            new SendInvoked(T(2), new MessageId(1, 0), false),
            new SendInvoked(T(2), new MessageId(1, 1), false),
            new SendInvoked(T(3), new MessageId(2, 0), true),
        }));
        Assert.That(h.Completions.Select(c => (c.TimestampTicks, c.Id, c.Outcome.ToString())), Is.EqualTo(new[]
        {
            (T(4), new MessageId(1, 0), "Ok(p2@1234567890123)"),
            (T(5), new MessageId(1, 1), "Fail(NotEnoughReplicas: minISR 2, ISR 1)"),
            (T(6), new MessageId(2, 0), "Indeterminate(Local_MsgTimedOut)"),
        }));
        Assert.That(h.Completions[1].Outcome.ErrorCode, Is.EqualTo("NotEnoughReplicas"));
        Assert.That(h.Completions[2].Outcome.ErrorCode, Is.Null);
        Assert.That(h.Consumptions, Is.EqualTo(new[]
        {
            new Consumed(T(7), new MessageId(1, 0), 2, 1234567890123, 7, 3),
            new Consumed(T(8), null, 0, 5, 7, 3),
        }));
        Assert.That(h.Processings, Is.EqualTo(new[] { new Processed(T(9), new MessageId(1, 0), 2, 1234567890123, 7) }));
        Assert.That(h.Commits, Is.EqualTo(new[] { new Committed(T(10), 7, 2, 1234567890124) }));
        Assert.That(h.Faults, Is.EqualTo(new[]
        {
            new FaultEvent(T(11), "leader-kill", FaultPhase.Started, "broker 1 (pid 4242) SIGKILL"),
            new FaultEvent(T(12), "leader-kill", FaultPhase.Healed, ""),
        }));
        Assert.That(h.Streams.Single(), Is.EqualTo(new HistoryStreamInfo("worker-1", Path.Combine(dir.Path, "worker-1.history"), 13, 0)));
    }

    [Test]
    public void Invocations_reach_the_os_before_the_call_returns_and_completions_are_buffered()
    {
        using var dir = new TempDirectory();
        using var w = HistoryWriter.Create(dir.Path, "p", new ManualTimeProvider(Start));
        long afterHeader = new FileInfo(w.Path).Length;
        Assert.That(w.BytesWritten, Is.EqualTo(afterHeader).And.GreaterThan(0));

        w.RecordInvocations([new MessageId(0, 0), new MessageId(0, 1)], false);
        long afterInvocations = new FileInfo(w.Path).Length;
        Assert.That(afterInvocations, Is.GreaterThan(afterHeader));

        w.RecordCompletion(new MessageId(0, 0), SendOutcome.Ok(0, 0));
        w.RecordConsumed(new MessageId(0, 0), 0, 0, 1, 1);
        w.RecordCommitted(1, 0, 1);
        Assert.That(new FileInfo(w.Path).Length, Is.EqualTo(afterInvocations), "completions, consumed and commits are buffered");

        w.RecordProcessed(new MessageId(0, 0), 0, 0, 1);
        Assert.That(new FileInfo(w.Path).Length, Is.EqualTo(w.BytesWritten).And.GreaterThan(afterInvocations), "processed flushes everything before it");
    }

    [Test]
    public void Buffered_records_are_flushed_at_the_threshold()
    {
        using var dir = new TempDirectory();
        using var w = HistoryWriter.Create(dir.Path, "p", new ManualTimeProvider(Start));
        long header = w.BytesWritten;
        for (int i = 0; i < 20_000 && w.BytesWritten == header; i++)
        {
            w.RecordCompletion(new MessageId(0, i), SendOutcome.Ok(0, i));
        }
        Assert.That(w.BytesWritten, Is.GreaterThanOrEqualTo(header + HistoryWriter.AutoFlushBytes));
    }

    [Test]
    public void A_stream_is_never_reopened()
    {
        using var dir = new TempDirectory();
        HistoryWriter.Create(dir.Path, "p", TimeProvider.System).Dispose();
        Assert.Throws<IOException>(() => HistoryWriter.Create(dir.Path, "p", TimeProvider.System));
        Assert.Throws<ArgumentException>(() => HistoryWriter.Create(dir.Path, "a/b", TimeProvider.System));
    }

    [Test]
    public void Writing_after_dispose_throws()
    {
        using var dir = new TempDirectory();
        var w = HistoryWriter.Create(dir.Path, "p", TimeProvider.System);
        w.Dispose();
        Assert.Throws<ObjectDisposedException>(() => w.RecordNote("late"));
    }

    [Test]
    public async Task Streams_are_merged_by_time_keeping_each_streams_order()
    {
        using var dir = new TempDirectory();
        var clockA = new ManualTimeProvider(Start, TimeSpan.FromSeconds(2));
        var clockB = new ManualTimeProvider(Start + TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        using (var a = HistoryWriter.Create(dir.Path, "a", clockA))
        using (var b = HistoryWriter.Create(dir.Path, "b", clockB))
        {
            for (int i = 0; i < 3; i++)
            {
                a.RecordInvocation(new MessageId(0, i), false);
                b.RecordInvocation(new MessageId(1, i), false);
            }
        }
        File.WriteAllText(Path.Combine(dir.Path, "unrelated.txt"), "ignored");

        var h = await RunHistory.LoadAsync(dir.Path);

        Assert.That(h.Invocations.Select(i => i.Id.ToString()), Is.EqualTo(new[] { "0:0", "1:0", "0:1", "1:1", "0:2", "1:2" }));
        Assert.That(h.Streams.Select(s => s.Name), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task A_foreign_file_with_the_ledger_extension_is_an_error()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "x.history"), "not a ledger");
        await Assert.ThrowsAsync<InvalidDataException>(() => RunHistory.LoadAsync(dir.Path));
    }

    [Test]
    public async Task Long_strings_are_cut_not_rejected()
    {
        using var dir = new TempDirectory();
        using (var w = HistoryWriter.Create(dir.Path, "p", TimeProvider.System))
        {
            w.RecordNote(new string('x', 100_000));
        }
        var h = await RunHistory.LoadAsync(dir.Path);
        Assert.That(h.Notes.Single().Text, Has.Length.EqualTo(2048));
    }

    [Test]
    public async Task Concurrent_callers_never_interleave_bytes_of_a_record()
    {
        using var dir = new TempDirectory();
        const int threads = 4, perThread = 2_000;
        // The writer reads the clock inside its lock, so this unsynchronized clock is safe to share.
        using (var w = HistoryWriter.Create(dir.Path, "shared", new ManualTimeProvider(Start, TimeSpan.FromTicks(1))))
        {
            await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
            {
                for (int i = 0; i < perThread; i++)
                {
                    var id = new MessageId(t, i);
                    w.RecordInvocation(id, false);
                    w.RecordCompletion(id, SendOutcome.Ok(t, i));
                }
            })));
        }
        var h = await RunHistory.LoadAsync(dir.Path);
        Assert.That(h.Streams.Single().TornBytes, Is.Zero);
        Assert.That(h.Invocations.Select(i => i.Id).Distinct().Count(), Is.EqualTo(threads * perThread));
        Assert.That(h.Completions.All(c => c.Outcome.Partition == c.Id.ProducerId && c.Outcome.Offset == c.Id.Sequence), Is.True);
        Assert.That(h.Invocations.Select(i => i.TimestampTicks), Is.Ordered.Using<long>((a, b) => a < b ? -1 : 1), "strictly increasing: timestamps are taken under the lock, in write order");
    }
}
