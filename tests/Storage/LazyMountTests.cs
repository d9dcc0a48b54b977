using System.IO.MemoryMappedFiles;
using System.Text;
using KafkaChaos.Storage;
using NUnit.Framework;

namespace KafkaChaos.Tests.Storage;

/// <summary>The lazy filesystem on a real FUSE mount: what survives a drop is exactly what was fsynced.</summary>
[Category("Storage")]
internal sealed class LazyMountTests
{
    private static void Append(string path, string text, bool sync)
    {
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write);
        file.Write(Encoding.ASCII.GetBytes(text));
        if (sync) file.Flush(flushToDisk: true);
    }

    private static void Overwrite(string path, long offset, string text, bool sync)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        file.Write(Encoding.ASCII.GetBytes(text));
        if (sync) file.Flush(flushToDisk: true);
    }

    [Test]
    public async Task Write_fsync_write_drop_leaves_the_synced_prefix()
    {
        await using var fs = await LazyMountFixture.StartAsync();
        Append(fs.At("segment.log"), "synced;", sync: true);
        Append(fs.At("segment.log"), "unsynced", sync: false);
        Assert.That(File.ReadAllText(fs.At("segment.log")), Is.EqualTo("synced;unsynced"), "reads see every write");
        Assert.That(await fs.Mount.StatsAsync(), Is.EqualTo(new DirtyStats(1, 8)));

        var dropped = await fs.Mount.DropUnsyncedAsync();

        Assert.That(File.ReadAllText(fs.At("segment.log")), Is.EqualTo("synced;"));
        Assert.That(File.ReadAllText(fs.Behind("segment.log")), Is.EqualTo("synced;"));
        Assert.That((dropped.Files, dropped.Bytes), Is.EqualTo((1, 8L)));
        var file = dropped.Details.Single();
        Assert.That((file.Path, file.SyncedLength, file.Length, file.RestoredBytes), Is.EqualTo((fs.Behind("segment.log"), 7L, 15L, 0L)));
        Assert.That(await fs.Mount.StatsAsync(), Is.EqualTo(new DirtyStats(0, 0)));
    }

    [Test]
    public async Task An_overwrite_of_synced_bytes_is_undone_and_a_never_synced_file_is_emptied()
    {
        await using var fs = await LazyMountFixture.StartAsync();
        Append(fs.At("a"), "0123456789", sync: true);
        Overwrite(fs.At("a"), 2, "XY", sync: false);
        Append(fs.At("b"), "never synced", sync: false);

        var dropped = await fs.Mount.DropUnsyncedAsync();

        Assert.That(File.ReadAllText(fs.At("a")), Is.EqualTo("0123456789"));
        Assert.That(File.ReadAllText(fs.At("b")), Is.Empty, "metadata (the file) is durable, its data was not");
        Assert.That(dropped.Files, Is.EqualTo(2));
        Assert.That(dropped.Details.Single(d => d.Path.EndsWith("/a", StringComparison.Ordinal)).RestoredBytes, Is.EqualTo(10), "the whole saved block");
    }

    [Test]
    public async Task Drop_with_nothing_dirty_drops_nothing()
    {
        await using var fs = await LazyMountFixture.StartAsync();
        Append(fs.At("a"), "all synced", sync: true);
        var dropped = await fs.Mount.DropUnsyncedAsync();
        Assert.That((dropped.Files, dropped.Bytes, dropped.Details.Count), Is.EqualTo((0, 0L, 0)));
        Assert.That(File.ReadAllText(fs.At("a")), Is.EqualTo("all synced"));
    }

    [Test]
    public async Task Rename_follows_posix_and_the_drop_follows_the_file()
    {
        await using var fs = await LazyMountFixture.StartAsync();
        Append(fs.At("old"), "kept", sync: true);
        Append(fs.At("old"), "+lost", sync: false);
        File.Move(fs.At("old"), fs.At("new"));
        Append(fs.At("victim"), "replaced", sync: false);
        File.Move(fs.At("new"), fs.At("victim"), overwrite: true);

        Assert.That(File.Exists(fs.At("old")), Is.False);
        Assert.That(File.ReadAllText(fs.At("victim")), Is.EqualTo("kept+lost"));
        var dropped = await fs.Mount.DropUnsyncedAsync();

        Assert.That(File.ReadAllText(fs.At("victim")), Is.EqualTo("kept"));
        Assert.That(dropped.Details.Select(d => d.Path), Is.EqualTo(new[] { fs.Behind("victim") }), "the replaced file is gone, not restored");
    }

    [Test]
    public async Task Truncate_shrink_and_extend_follow_posix_and_are_undone()
    {
        await using var fs = await LazyMountFixture.StartAsync();
        Append(fs.At("shrunk"), "abcdefgh", sync: true);
        Append(fs.At("grown"), "xyz", sync: true);
        Append(fs.At("reopened"), "old content", sync: true);
        using (var file = new FileStream(fs.At("shrunk"), FileMode.Open)) file.SetLength(3);
        using (var file = new FileStream(fs.At("grown"), FileMode.Open)) file.SetLength(8192);
        File.WriteAllText(fs.At("reopened"), "new");   // O_TRUNC

        Assert.That(File.ReadAllText(fs.At("shrunk")), Is.EqualTo("abc"));
        Assert.That(new FileInfo(fs.At("grown")).Length, Is.EqualTo(8192));
        Assert.That(File.ReadAllText(fs.At("reopened")), Is.EqualTo("new"));
        await fs.Mount.DropUnsyncedAsync();

        Assert.That(File.ReadAllText(fs.At("shrunk")), Is.EqualTo("abcdefgh"));
        Assert.That(File.ReadAllText(fs.At("grown")), Is.EqualTo("xyz"));
        Assert.That(File.ReadAllText(fs.At("reopened")), Is.EqualTo("old content"));
    }

    [Test]
    public async Task Unlinking_a_dirty_file_leaves_nothing_to_drop()
    {
        await using var fs = await LazyMountFixture.StartAsync();
        Append(fs.At("gone"), "unsynced", sync: false);
        File.Delete(fs.At("gone"));
        var dropped = await fs.Mount.DropUnsyncedAsync();
        Assert.That(dropped.Files, Is.Zero);
        Assert.That(Directory.EnumerateFileSystemEntries(fs.Backing), Is.Empty);
    }

    [Test]
    public async Task Mmap_writes_are_visible_flushed_ones_survive_and_unflushed_ones_are_dropped()
    {
        await using var fs = await LazyMountFixture.StartAsync();
        using (var file = new FileStream(fs.At("00.index"), FileMode.CreateNew)) file.SetLength(8192);   // as Kafka preallocates its index
        using (var file = new FileStream(fs.At("00.index"), FileMode.Open)) file.Flush(flushToDisk: true);
        using (var map = MemoryMappedFile.CreateFromFile(fs.At("00.index"), FileMode.Open, null, 8192))
        using (var view = map.CreateViewAccessor())
        {
            view.Write(0, 0x1122334455667788L);
            view.Flush();                                          // msync: an fsync through FUSE
        }
        // A view's disposal flushes it; Kafka's killed JVM does not: write and unmap without msync, by hand.
        RawMmap.WriteWithoutSync(fs.At("00.index"), 8192, 4096, 0x0102030405060708L);
        using (var reader = new BinaryReader(File.OpenRead(fs.At("00.index"))))
        {
            reader.BaseStream.Position = 4096;
            Assert.That(reader.ReadInt64(), Is.EqualTo(0x0102030405060708L), "reads see mmap writes");
        }

        var dropped = await fs.Mount.DropUnsyncedAsync();

        var bytes = await File.ReadAllBytesAsync(fs.At("00.index"));
        Assert.That(bytes, Has.Length.EqualTo(8192));
        Assert.That(BitConverter.ToInt64(bytes, 0), Is.EqualTo(0x1122334455667788L), "msync'd");
        Assert.That(BitConverter.ToInt64(bytes, 4096), Is.Zero, "dropped");
        Assert.That(dropped.Files, Is.EqualTo(1));
    }
}
