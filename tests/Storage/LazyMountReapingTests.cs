using System.Diagnostics;
using KafkaChaos.Provisioning;
using KafkaChaos.Storage;
using NUnit.Framework;

namespace KafkaChaos.Tests.Storage;

/// <summary>No lazy mount outlives its owner: the daemon unmounts itself when the owner dies, and the reaper removes
/// a mount (and kills its daemon) left under a stale run directory.</summary>
[Category("Storage")]
internal sealed class LazyMountReapingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static async Task<(string Root, string Mountpoint, Process Daemon)> StartDaemonAsync(int ownerPid)
    {
        var binary = await LazyFsBinary.EnsureBuiltAsync(CachePaths.Default, null, CancellationToken.None);
        var root = Path.Combine("/tmp", "kchaos-reap-" + Guid.NewGuid().ToString("N")[..8]);
        var mountpoint = Path.Combine(root, "mnt");
        Directory.CreateDirectory(Path.Combine(root, "backing"));
        Directory.CreateDirectory(mountpoint);
        var daemon = Process.Start(new ProcessStartInfo(binary, [Path.Combine(root, "backing"), mountpoint, mountpoint + ".lazyfs.sock", ownerPid.ToString()])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await File.WriteAllTextAsync(LazyMount.PidFileOf(mountpoint), daemon.Id.ToString());
        await WaitAsync(() => MountTable.IsMounted(mountpoint), "the mount");
        return (root, mountpoint, daemon);
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Deadline) Assert.Fail($"timed out after {Deadline.TotalSeconds} s waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Test]
    public async Task The_daemon_unmounts_itself_when_its_owner_is_killed()
    {
        using var owner = Process.Start("sleep", "60");
        var (root, mountpoint, daemon) = await StartDaemonAsync(owner.Id);
        using (daemon)
        {
            owner.Kill();
            await owner.WaitForExitAsync();
            await WaitAsync(() => !MountTable.IsMounted(mountpoint), "the mount to go");
            await WaitAsync(() => daemon.HasExited, "the daemon to exit");
        }
        Directory.Delete(root, recursive: true);
    }

    [Test]
    public async Task The_reaper_removes_a_mount_under_a_stale_run_and_kills_its_daemon()
    {
        var (root, mountpoint, daemon) = await StartDaemonAsync(Environment.ProcessId);
        using (daemon)
        {
            Assert.That(LazyMountReaper.ReapUnder(root, TextWriter.Null), Is.EqualTo(1));
            Assert.That(MountTable.IsMounted(mountpoint), Is.False);
            await WaitAsync(() => daemon.HasExited, "the daemon to be killed");
            Assert.That(MountTable.LazyMountsUnder(root), Is.Empty);
        }
        Directory.Delete(root, recursive: true);
    }
}
