using KafkaChaos.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.History;

/// <summary>A SIGKILLed writer leaves any prefix of its file; the reader must accept every one of them.</summary>
internal sealed class TornTailTests
{
    [Test]
    public async Task Every_truncation_point_yields_exactly_the_whole_records_before_it()
    {
        using var dir = new TempDirectory();
        var boundaries = new List<long>();
        string path;
        using (var w = HistoryWriter.Create(dir.Path, "worker", new ManualTimeProvider(ManualTimeProvider.DefaultStart, TimeSpan.FromMilliseconds(3))))
        {
            path = w.Path;
            boundaries.Add(w.BytesWritten); // end of header
            void Mark() { w.Flush(); boundaries.Add(w.BytesWritten); }
            for (int i = 0; i < 6; i++)
            {
                w.RecordInvocation(new MessageId(1, i), i % 2 == 0); Mark();
                w.RecordCompletion(new MessageId(1, i), i % 3 == 0 ? SendOutcome.Fail("NotLeaderForPartition", "é ünïcode reason") : SendOutcome.Ok(0, i * 1000L)); Mark();
                w.RecordConsumed(i == 4 ? null : new MessageId(1, i), 0, i * 1000L, 2, 1); Mark();
                w.RecordProcessed(new MessageId(1, i), 0, i * 1000L, 2); Mark();
                w.RecordCommitted(2, 0, i * 1000L + 1); Mark();
            }
            w.RecordFault("pause", FaultPhase.Started, "broker 2"); Mark();
            w.RecordNote("done"); Mark();
        }
        var bytes = await File.ReadAllBytesAsync(path);
        var full = await ReadAsync(bytes);
        Assert.That(full.Info.Records, Is.EqualTo(boundaries.Count - 1));

        for (int length = 0; length <= bytes.Length; length++)
        {
            var (info, events) = await ReadAsync(bytes.AsMemory(0, length).ToArray());
            int whole = boundaries.Count(b => b <= length) - 1;
            long intact = whole >= 0 ? boundaries[whole] : 0;
            Assert.That(info.Records, Is.EqualTo(Math.Max(whole, 0)), $"length {length}");
            Assert.That(info.TornBytes, Is.EqualTo(length - intact), $"length {length}");
            Assert.That(events, Is.EqualTo(full.Events.Take(Math.Max(whole, 0))), $"length {length}");
        }
    }

    [Test]
    public async Task A_corrupt_record_ends_the_stream_there()
    {
        using var dir = new TempDirectory();
        string path;
        long third;
        using (var w = HistoryWriter.Create(dir.Path, "worker", TimeProvider.System))
        {
            path = w.Path;
            w.RecordNote("one");
            w.RecordNote("two");
            third = w.BytesWritten;
            w.RecordNote("three");
            w.RecordNote("four");
        }
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[third + 3] ^= 0x40;
        var (info, events) = await ReadAsync(bytes);
        Assert.That(events, Is.EqualTo(new[] { "Note one", "Note two" }));
        Assert.That(info.TornBytes, Is.EqualTo(bytes.Length - third));
    }

    [Test]
    public async Task Truncated_files_on_disk_load_with_their_torn_bytes_reported()
    {
        using var dir = new TempDirectory();
        using (var w = HistoryWriter.Create(dir.Path, "p", TimeProvider.System))
        {
            for (int i = 0; i < 100; i++)
            {
                w.RecordInvocation(new MessageId(0, i), false);
            }
        }
        string file = Path.Combine(dir.Path, "p.history");
        long length = new FileInfo(file).Length;
        await using (var f = new FileStream(file, FileMode.Open))
        {
            f.SetLength(length - 3);
        }
        // A worker killed before its header was complete.
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, "q.history"), "KCH"u8.ToArray());

        var h = await RunHistory.LoadAsync(dir.Path);

        Assert.That(h.Invocations, Has.Count.EqualTo(99));
        Assert.That(h.Streams[0].TornBytes, Is.GreaterThan(0));
        Assert.That(h.Streams[1], Is.EqualTo(new HistoryStreamInfo("q", Path.Combine(dir.Path, "q.history"), 0, 3)));
    }

    [TestCase(false, TestName = "A cursor that skips kinds stops, counts and notes boundaries where one decoding every kind does")]
    [TestCase(true, TestName = "A cursor filling batches with plain records stops, counts and notes boundaries where one decoding every kind does")]
    public void A_cursor_reading_runs_of_records_agrees_with_the_general_path(bool fillBatches)
    {
        using var dir = new TempDirectory();
        string path;
        var clock = new ManualTimeProvider(ManualTimeProvider.DefaultStart, TimeSpan.FromMilliseconds(3));
        using (var w = HistoryWriter.Create(dir.Path, "worker", clock))
        {
            path = w.Path;
            for (int i = 0; i < 8; i++)
            {
                if (i == 2)
                {
                    clock.Advance(TimeSpan.FromHours(-1)); // a wall clock stepped back: the earliest record is not the first
                }
                // Sequences and offsets of every varint length, negative ones too (the fast path's and the general path's).
                var id = new MessageId(i == 5 ? -3 : 1, i * 37_000_000_000L - 1);
                w.RecordInvocation(id, i % 2 == 0);
                w.RecordCompletion(id, i == 3 ? SendOutcome.Fail("NotLeaderForPartition", "strings: the general path") : SendOutcome.Ok(i, i * 100_000L));
                w.RecordConsumed(i == 4 ? null : id, 0, i * 100_000L, 2, 1);
                w.RecordProcessed(id, 0, i * 100_000L, 2);
                if (i % 3 == 0)
                {
                    w.RecordNote(new string('n', 150 + i)); // a two-byte length: not a plain record
                    w.RecordCommitted(2, 0, i);
                }
            }
        }
        var bytes = File.ReadAllBytes(path);
        var some = fillBatches ? LedgerKinds.SendInvoked | LedgerKinds.SendCompleted | LedgerKinds.Consumed | LedgerKinds.Processed | LedgerKinds.Note : LedgerKinds.SendInvoked | LedgerKinds.Note;
        for (int every = 1; every <= 64; every++)
        {
            Compare(bytes, every, $"boundaries every {every} bytes");
        }
        for (int length = 0; length <= bytes.Length; length++)
        {
            Compare(bytes.AsSpan(0, length).ToArray(), 40, $"cut at {length}");
        }
        for (int at = 0; at < bytes.Length; at++)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[at] ^= 0x21;
            Compare(corrupt, 40, $"byte {at} corrupted");
        }

        void Compare(byte[] data, long every, string what)
        {
            var (general, generalRecords) = Read(data, LedgerKinds.All, every, batches: false);
            var (runs, runRecords) = Read(data, some, every, fillBatches);
            Assert.That(runs, Is.EqualTo(general), what);
            Assert.That(runRecords, Is.EqualTo(generalRecords.Where(r => some.HasFlag((LedgerKinds)(1 << (int)r.Kind)))), what);
        }

        static (string Stream, List<(HistoryRecordKind Kind, string Record)>) Read(byte[] data, LedgerKinds kinds, long every, bool batches)
        {
            using var stream = new MemoryStream(data);
            LedgerCursor cursor = new(stream, "worker.history", [], kinds) { CheckpointEveryBytes = every };
            var records = new Recorder();
            var batch = new LedgerBatch(null);
            try
            {
                while (true)
                {
                    if (batches)
                    {
                        cursor.FillBatch(batch);
                        batch.DispatchWhile(records, long.MaxValue, takesTies: true);
                        batch.Clear();
                    }
                    if (!cursor.MoveNext())
                    {
                        break;
                    }
                    cursor.Dispatch(records);
                }
            }
            catch (InvalidDataException)
            {
                return ("corrupt header", records.Records); // both must say so
            }
            return ($"{cursor.Finish()} intact {cursor.IntactBytes} bounds {cursor.EarliestTicks}..{cursor.LatestTicks} " +
                    $"boundaries {string.Join(" ", cursor.Checkpoints)}", records.Records);
        }
    }

    private static async Task<(HistoryStreamInfo Info, List<string> Events)> ReadAsync(byte[] bytes)
    {
        var builder = new HistoryBuilder();
        using var stream = new MemoryStream(bytes);
        var info = await HistoryReader.ReadStreamAsync(stream, "worker.history", builder);
        var h = builder.Build();
        // One flat, ordered description of the events so prefixes can be compared.
        var all = new List<(long T, string E)>();
        all.AddRange(h.Invocations.Select(e => (e.TimestampTicks, $"Invoked {e.Id} {e.ResultIgnored}")));
        all.AddRange(h.Completions.Select(e => (e.TimestampTicks, $"Completed {e.Id} {e.Outcome}")));
        all.AddRange(h.Consumptions.Select(e => (e.TimestampTicks, $"Consumed {e.Id} {e.Partition} {e.Offset}")));
        all.AddRange(h.Processings.Select(e => (e.TimestampTicks, $"Processed {e.Id} {e.Offset}")));
        all.AddRange(h.Commits.Select(e => (e.TimestampTicks, $"Committed {e.Offset}")));
        all.AddRange(h.Faults.Select(e => (e.TimestampTicks, $"Fault {e.Name} {e.Phase}")));
        all.AddRange(h.Notes.Select(e => (e.TimestampTicks, $"Note {e.Text}")));
        return (info, all.OrderBy(e => e.T).Select(e => e.E).ToList());
    }

    /// <summary>Every record it gets, with its kind, as text.</summary>
    private sealed class Recorder : ILedgerVisitor
    {
        public List<(HistoryRecordKind Kind, string Record)> Records { get; } = [];

        public void Invoked(in SendInvoked e) => Records.Add((HistoryRecordKind.SendInvoked, e.ToString()));

        public void Completed(in SendCompleted e) => Records.Add((HistoryRecordKind.SendCompleted, e.ToString()));

        public void Consumed(in Consumed e) => Records.Add((HistoryRecordKind.Consumed, e.ToString()));

        public void Processed(in Processed e) => Records.Add((HistoryRecordKind.Processed, e.ToString()));

        public void Committed(in Committed e) => Records.Add((HistoryRecordKind.Committed, e.ToString()));

        public void Fault(in FaultEvent e) => Records.Add((HistoryRecordKind.Fault, e.ToString()));

        public void Note(in Note e) => Records.Add((HistoryRecordKind.Note, e.ToString()));
    }
}
