using KafkaChaos.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.History;

/// <summary>
/// The passes of a check over files: the first verifies and notes record boundaries, the later ones read what it found
/// intact, in segments decoded at once. Every pass must see the same records in the same order as one plain read.
/// </summary>
internal sealed class SegmentedReadTests
{
    private const long TinyChunks = 512;

    [Test]
    public void A_verified_run_read_in_segments_hands_every_record_in_the_order_of_one_plain_read()
    {
        using var dir = new TempDirectory();
        WriteRun(dir.Path, records: 3000);
        var plain = new Recorder();
        var plainInfos = HistoryReader.VisitRun(dir.Path, plain, CancellationToken.None);

        var verified = new VerifiedLedgers(TinyChunks, chunksPerSegment: 1);
        var verifying = new Recorder();
        var verifyingInfos = HistoryReader.VisitRun(dir.Path, verifying, CancellationToken.None, verified);
        var segmented = new Recorder();
        var segmentedInfos = HistoryReader.VisitRun(dir.Path, segmented, CancellationToken.None, verified);

        foreach (var file in Directory.GetFiles(dir.Path, "*.history"))
        {
            var found = verified.Find(file);
            Assert.That(found, Is.Not.Null);
            Assert.That(found!.IntactBytes, Is.EqualTo(new FileInfo(file).Length));
            Assert.That(found.Boundaries, Has.Length.GreaterThan(10), $"{file} must be read in many segments for this test to mean anything");
        }
        Assert.That(plain.Records, Has.Count.EqualTo(1500 * 6 + 1500 / 50 + 4), "every record written");
        Assert.That(verifying.Records, Is.EqualTo(plain.Records));
        Assert.That(segmented.Records, Is.EqualTo(plain.Records));
        Assert.That(verifyingInfos, Is.EqualTo(plainInfos));
        Assert.That(segmentedInfos, Is.EqualTo(plainInfos));
        Assert.That(segmented.Bounds, Is.EqualTo(plain.Bounds));
    }

    [Test]
    public void A_visitor_gets_only_its_kinds_and_ids_yet_the_bounds_of_every_record()
    {
        using var dir = new TempDirectory();
        WriteRun(dir.Path, records: 200);
        var all = new Recorder();
        HistoryReader.VisitRun(dir.Path, all, CancellationToken.None);
        var some = new Recorder { Wanted = LedgerKinds.SendCompleted | LedgerKinds.Note, Only = id => id.Sequence % 7 == 0 };
        HistoryReader.VisitRun(dir.Path, some, CancellationToken.None);

        var expected = all.Records.Where(r => r.StartsWith("note", StringComparison.Ordinal)
            || (r.StartsWith("completed", StringComparison.Ordinal) && r.Contains(" seq 7*", StringComparison.Ordinal))).ToList();
        Assert.That(some.Records, Is.EqualTo(expected));
        Assert.That(some.Records.Count(r => r.StartsWith("completed", StringComparison.Ordinal)), Is.EqualTo(2 * (99 / 7 + 1)), "sequences 0, 7 ... 98 of both producers");
        Assert.That(some.Bounds, Is.EqualTo(all.Bounds), "dropped records still count in each stream's timestamp bounds");
    }

    [Test]
    public void A_pass_naming_a_few_ids_after_a_full_pass_reads_only_their_chunks_yet_every_record_of_theirs()
    {
        using var dir = new TempDirectory();
        WriteRun(dir.Path, records: 3000);
        var wanted = new HashSet<MessageId> { new(1, 3), new(0, 700), new(1, 1499), new(0, 1498) }; // each completed, consumed and processed
        var kinds = LedgerKinds.SendCompleted | LedgerKinds.Consumed | LedgerKinds.Processed;
        var plain = new Recorder { Wanted = kinds, Only = wanted.Contains };
        var plainInfos = HistoryReader.VisitRun(dir.Path, plain, CancellationToken.None);

        var verified = new VerifiedLedgers(TinyChunks, chunksPerSegment: 4);
        HistoryReader.VisitRun(dir.Path, new Recorder { Wanted = LedgerKinds.SendInvoked }, CancellationToken.None, verified);
        HistoryReader.VisitRun(dir.Path, new Recorder { Wanted = kinds }, CancellationToken.None, verified);
        var files = Directory.GetFiles(dir.Path, "*.history");
        Assert.That(files.Select(f => verified.Find(f)!.Ids), Has.All.Not.Null, "the full pass notes every file's chunk IDs");
        var few = new Recorder { Wanted = kinds, Only = wanted.Contains, Ids = wanted };
        var fewInfos = HistoryReader.VisitRun(dir.Path, few, CancellationToken.None, verified);

        static List<string> WithIds(List<string> records) => records.Where(r => !r.Contains("undecoded", StringComparison.Ordinal)).ToList();
        Assert.That(WithIds(few.Records), Is.EqualTo(WithIds(plain.Records)).And.Count.EqualTo(3 * 4), "each ID's completion, consumption and processing, in order; records without an ID may go");
        Assert.That(fewInfos, Is.EqualTo(plainInfos), "the files as verified");
        Assert.That(few.Bounds, Is.EqualTo(plain.Bounds));
        var set = new IdSet(wanted);
        int chunks = files.Sum(f => verified.Find(f)!.ChunkCount);
        int read = files.Sum(f => Enumerable.Range(0, verified.Find(f)!.ChunkCount).Count(c => verified.Find(f)!.Ids!.MayHold(c, set)));
        Assert.That(read, Is.LessThan(chunks / 10), $"{read} of {chunks} chunks may hold the IDs");
    }

    [Test]
    public void A_file_that_grows_after_verification_is_read_to_its_verified_length()
    {
        using var dir = new TempDirectory();
        WriteRun(dir.Path, records: 500);
        string file = Directory.GetFiles(dir.Path, "*.history").Order(StringComparer.Ordinal).First();
        var whole = File.ReadAllBytes(file);
        File.WriteAllBytes(file, whole.AsSpan(0, whole.Length * 2 / 3).ToArray()); // torn mid-run, as a killed writer leaves it
        var verified = new VerifiedLedgers(TinyChunks, chunksPerSegment: 1);
        var first = new Recorder();
        var firstInfos = HistoryReader.VisitRun(dir.Path, first, CancellationToken.None, verified);
        Assert.That(firstInfos.Any(i => i.TornBytes > 0), Is.True);

        File.WriteAllBytes(file, whole);
        var later = new Recorder();
        HistoryReader.VisitRun(dir.Path, later, CancellationToken.None, verified);
        Assert.That(later.Records, Is.EqualTo(first.Records), "every pass of a check sees the same records");
    }

    [Test]
    public void A_file_cut_short_after_verification_fails_the_pass_instead_of_losing_records()
    {
        using var dir = new TempDirectory();
        WriteRun(dir.Path, records: 500);
        var verified = new VerifiedLedgers(TinyChunks, chunksPerSegment: 1);
        HistoryReader.VisitRun(dir.Path, new Recorder(), CancellationToken.None, verified);
        string file = Directory.GetFiles(dir.Path, "*.history").Order(StringComparer.Ordinal).First();
        var whole = File.ReadAllBytes(file);
        File.WriteAllBytes(file, whole.AsSpan(0, whole.Length / 2).ToArray());

        var e = Assert.Throws<InvalidDataException>(() => HistoryReader.VisitRun(dir.Path, new Recorder(), CancellationToken.None, verified));
        Assert.That(e!.Message, Does.Contain("changed after it was verified"));
    }

    /// <summary>Two producers and a consumer whose clocks interleave, with every kind of record.</summary>
    private static void WriteRun(string dir, int records)
    {
        var start = ManualTimeProvider.DefaultStart;
        using var p0 = HistoryWriter.Create(dir, "producer-0", new ManualTimeProvider(start, TimeSpan.FromTicks(30)));
        using var p1 = HistoryWriter.Create(dir, "producer-1", new ManualTimeProvider(start.AddTicks(7), TimeSpan.FromTicks(20)));
        using var c = HistoryWriter.Create(dir, "consumer-0", new ManualTimeProvider(start.AddTicks(3), TimeSpan.FromTicks(25)));
        c.RecordNote("consumer up");
        p0.RecordFault("leader-kill", FaultPhase.Started, "broker 1");
        for (int i = 0; i < records / 2; i++)
        {
            foreach (var (writer, producer) in new[] { (p0, 0), (p1, 1) })
            {
                var id = new MessageId(producer, i);
                writer.RecordInvocation(id, resultIgnored: i % 5 == 0);
                writer.RecordCompletion(id, i % 9 == 0 ? SendOutcome.Indeterminate($"_MSG_TIMED_OUT: {i}") : SendOutcome.Ok(i % 3, i));
            }
            c.RecordConsumed(i % 11 == 0 ? null : new MessageId(i % 2, i), i % 3, i, 1, 1);
            c.RecordProcessed(new MessageId(i % 2, i), i % 3, i, 1);
            if (i % 50 == 0) c.RecordCommitted(1, i % 3, i);
        }
        p0.RecordFault("leader-kill", FaultPhase.Healed, "broker 1");
        c.RecordNote("consumer down");
    }

    /// <summary>Every record it gets, as text, in order, and each stream's timestamp bounds.</summary>
    private sealed class Recorder : ILedgerVisitor
    {
        public List<string> Records { get; } = [];

        public List<(long, long)> Bounds { get; } = [];

        public LedgerKinds Wanted { get; init; } = LedgerKinds.All;

        public Predicate<MessageId>? Only { get; init; }

        public LedgerKinds Kinds => Wanted;

        public Predicate<MessageId>? Filter => Only;

        public IReadOnlyCollection<MessageId>? Ids { get; init; }

        public IReadOnlyCollection<MessageId>? FilterIds => Ids;

        public void Invoked(in SendInvoked e) => Records.Add($"invoked {e.TimestampTicks} {Seq(e.Id)} {e.ResultIgnored}");

        public void Completed(in SendCompleted e) => Records.Add($"completed {e.TimestampTicks} {Seq(e.Id)} {e.Outcome}");

        public void Consumed(in Consumed e) => Records.Add($"consumed {e.TimestampTicks} {(e.IsDecoded ? Seq(e.RawId) : "undecoded")} p{e.Partition}@{e.Offset}");

        public void Processed(in Processed e) => Records.Add($"processed {e.TimestampTicks} {Seq(e.Id)} p{e.Partition}@{e.Offset}");

        public void Committed(in Committed e) => Records.Add($"committed {e.TimestampTicks} p{e.Partition}@{e.Offset}");

        public void Fault(in FaultEvent e) => Records.Add($"fault {e.TimestampTicks} {e.Name} {e.Phase}");

        public void Note(in Note e) => Records.Add($"note {e.TimestampTicks} {e.Text}");

        public void Timestamps(long earliestTicks, long latestTicks) => Bounds.Add((earliestTicks, latestTicks));

        /// <summary>The ID with a marker telling whether its sequence is a multiple of 7, for the filter test.</summary>
        private static string Seq(MessageId id) => $"{id} seq {(id.Sequence % 7 == 0 ? "7*" : "-")}";
    }
}
