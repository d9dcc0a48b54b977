using KafkaChaos.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.History;

internal sealed class FinalReadBuilderTests
{
    [Test]
    public void Records_are_sorted_by_offset_and_found_with_or_without_gaps()
    {
        var b = new FinalReadBuilder("t");
        foreach (long o in new long[] { 5, 1, 3, 9, 7 })
        {
            b.Add(0, o, new MessageId(0, o));
        }
        foreach (long o in new long[] { 12, 10, 11 })
        {
            b.Add(1, o, new MessageId(1, o));
        }
        var read = b.Build();

        var gappy = read.Find(0)!;
        Assert.That(gappy.Records.Select(r => r.Offset), Is.EqualTo(new long[] { 1, 3, 5, 7, 9 }));
        Assert.That(gappy.IsContiguous, Is.False);
        foreach (long o in new long[] { 1, 3, 5, 7, 9 })
        {
            Assert.That(gappy.TryGet(o, out var r) && r.Id == new MessageId(0, o), Is.True, $"offset {o}");
        }
        foreach (long o in new long[] { 0, 2, 4, 8, 10, -1 })
        {
            Assert.That(gappy.TryGet(o, out _), Is.False, $"offset {o}");
        }

        var dense = read.Find(1)!;
        Assert.That(dense.IsContiguous, Is.True);
        Assert.That(dense.TryGet(11, out var eleven) && eleven.Id == new MessageId(1, 11), Is.True);
        Assert.That(dense.TryGet(9, out _) || dense.TryGet(13, out _), Is.False);
        Assert.That(read.Find(2), Is.Null);
        Assert.That(read.RecordCount, Is.EqualTo(8));
    }

    [Test]
    public void Raw_values_are_decoded_and_foreign_ones_kept_as_undecodable()
    {
        var read = new FinalReadBuilder("t")
            .Add(0, 0, MessageEnvelope.Encode(new MessageId(4, 2), 100))
            .Add(0, 1, [1, 2, 3])
            .Build();
        Assert.That(read.Partitions[0].Records.Select(r => r.Id), Is.EqualTo(new MessageId?[] { new MessageId(4, 2), null }));
        Assert.That(read.Partitions[0].UndecodableValues[1], Is.EqualTo(new byte[] { 1, 2, 3 }));
    }
}
