using KafkaChaos.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.History;

internal sealed class FinalReadFileTests
{
    private static FinalRead Sample()
    {
        var b = new FinalReadBuilder("orders");
        b.AddPartition(2);
        for (int i = 0; i < 5000; i++)
        {
            b.Add(0, 100 + i * 2, new MessageId(i % 3, i)); // gaps in offsets
        }
        b.Add(1, 7, MessageEnvelope.Encode(new MessageId(9, 9), 40));
        b.Add(1, 8, "garbage value that is longer than thirty-two bytes"u8);
        b.MarkUnavailable(3, "no leader for partition 3");
        return b.Build();
    }

    [Test]
    public async Task Round_trips_records_gaps_undecodable_values_and_unavailable_partitions()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, FinalReadFile.FileName);
        var original = Sample();

        await FinalReadFile.SaveAsync(original, path);
        var loaded = await FinalReadFile.LoadAsync(path);

        Assert.That(loaded.Topic, Is.EqualTo("orders"));
        Assert.That(loaded.Partitions.Select(p => p.Partition), Is.EqualTo(new[] { 0, 1, 2 }));
        for (int i = 0; i < original.Partitions.Count; i++)
        {
            Assert.That(loaded.Partitions[i].Records, Is.EqualTo(original.Partitions[i].Records));
        }
        Assert.That(loaded.Find(1)!.Records.Select(r => r.Id), Is.EqualTo(new MessageId?[] { new MessageId(9, 9), null }));
        Assert.That(loaded.Find(1)!.UndecodableValues[8], Is.EqualTo("garbage value that is longer tha"u8.ToArray()));
        Assert.That(loaded.UnavailablePartitions, Is.EqualTo(new Dictionary<int, string> { [3] = "no leader for partition 3" }));
        Assert.That(File.Exists(path + ".tmp"), Is.False);
    }

    [Test]
    public async Task A_partial_file_is_rejected_not_misread()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, FinalReadFile.FileName);
        await FinalReadFile.SaveAsync(Sample(), path);
        var bytes = await File.ReadAllBytesAsync(path);
        var random = new Random(7);
        foreach (int cut in Enumerable.Range(0, 20).Select(_ => random.Next(bytes.Length)).Append(bytes.Length - 1))
        {
            await File.WriteAllBytesAsync(path, bytes[..cut]);
            await Assert.ThrowsAsync<InvalidDataException>(() => FinalReadFile.LoadAsync(path), $"cut at {cut}");
        }
    }
}
