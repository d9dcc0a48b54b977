using KafkaChaos.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.History;

/// <summary>The final read parsed on a thread of its own shows the visitor exactly what a direct visit shows.</summary>
internal sealed class PrefetchedFinalReadTests
{
    [Test]
    public async Task A_prefetched_visit_makes_the_calls_of_a_direct_one_in_order()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, FinalReadFile.FileName);
        await FinalReadFile.SaveAsync(Sample(), path);
        var direct = new CallRecorder();
        FinalReadFile.Visit(path, direct, CancellationToken.None);
        var prefetched = new CallRecorder();
        PrefetchedFinalRead.Visit(path, prefetched, CancellationToken.None);

        Assert.That(direct.Calls, Has.Count.GreaterThan(3 * 8192), "the records must span several batches");
        Assert.That(prefetched.Calls, Is.EqualTo(direct.Calls));
    }

    [Test]
    public async Task A_partial_or_missing_file_throws_what_a_direct_visit_throws()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, FinalReadFile.FileName);
        Assert.Throws<FileNotFoundException>(() => PrefetchedFinalRead.Visit(path, new CallRecorder(), CancellationToken.None));
        await FinalReadFile.SaveAsync(Sample(), path);
        var bytes = await File.ReadAllBytesAsync(path);
        foreach (int cut in new[] { 3, bytes.Length / 2, bytes.Length - 1 })
        {
            await File.WriteAllBytesAsync(path, bytes[..cut]);
            var e = Assert.Throws<InvalidDataException>(() => PrefetchedFinalRead.Visit(path, new CallRecorder(), CancellationToken.None), $"cut at {cut}");
            Assert.That(e!.Message, Does.Contain(FinalReadFile.FileName));
        }
    }

    [Test]
    public async Task A_visitor_that_throws_stops_the_parsing_thread_and_its_exception_surfaces()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, FinalReadFile.FileName);
        await FinalReadFile.SaveAsync(Sample(), path);
        var e = Assert.Throws<InvalidOperationException>(() => PrefetchedFinalRead.Visit(path, new CallRecorder { FailAt = 10_000 }, CancellationToken.None));
        Assert.That(e!.Message, Is.EqualTo("visitor failed at call 10000"));
    }

    private static FinalRead Sample()
    {
        var b = new FinalReadBuilder("orders");
        b.AddPartition(2);
        for (int i = 0; i < 30_000; i++)
        {
            b.Add(i % 2, 100 + i * 2, new MessageId(i % 3, i));
        }
        b.Add(1, 70_000, MessageEnvelope.Encode(new MessageId(9, 9), 40));
        b.Add(1, 70_001, "garbage value that is longer than thirty-two bytes"u8);
        b.MarkUnavailable(3, "no leader for partition 3");
        return b.Build();
    }

    /// <summary>Every call, as text.</summary>
    private sealed class CallRecorder : IFinalReadVisitor
    {
        public List<string> Calls { get; } = [];

        public int FailAt { get; init; } = -1;

        public void Topic(string topic) => Add($"topic {topic}");

        public void BeginPartition(int partition, long recordCount) => Add($"begin {partition} {recordCount}");

        public void Record(int partition, in LogRecord record) => Add($"record {partition} {record.Offset} {record.Id?.ToString() ?? "undecoded"}");

        public void UndecodablePrefix(int partition, long offset, ReadOnlySpan<byte> prefix) => Add($"prefix {partition} {offset} {Convert.ToHexString(prefix)}");

        public void EndPartition(int partition) => Add($"end {partition}");

        public void Unavailable(int partition, string reason) => Add($"unavailable {partition} {reason}");

        private void Add(string call)
        {
            if (Calls.Count == FailAt)
            {
                throw new InvalidOperationException($"visitor failed at call {FailAt}");
            }
            Calls.Add(call);
        }
    }
}
