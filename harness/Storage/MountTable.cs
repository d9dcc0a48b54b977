using System.Runtime.InteropServices;
using KafkaChaos.Provisioning;

namespace KafkaChaos.Storage;

/// <summary>The mounts of this machine (<c>/proc/self/mountinfo</c>) and the few calls that act on a lazy one.</summary>
internal static partial class MountTable
{
    private const int MntDetach = 2;
    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000;

    /// <summary>Mountpoints of lazy filesystems (type fuse.lazyfs) at or under <paramref name="directory"/>, deepest first.</summary>
    public static IReadOnlyList<string> LazyMountsUnder(string directory)
    {
        var root = Path.GetFullPath(directory).TrimEnd('/');
        return Entries().Where(e => e.Type == "fuse.lazyfs" && (e.Mountpoint == root || e.Mountpoint.StartsWith(root + "/", StringComparison.Ordinal)))
            .Select(e => e.Mountpoint).OrderByDescending(m => m.Length).ToList();
    }

    public static bool IsMounted(string mountpoint)
    {
        var path = Path.GetFullPath(mountpoint).TrimEnd('/');
        return Entries().Any(e => e.Mountpoint == path);
    }

    /// <summary><c>fusermount3 -u</c>; when that fails (a file still open), <c>fusermount3 -u -z</c> (detach now, free when unused).</summary>
    public static async Task UnmountAsync(string mountpoint, CancellationToken cancellationToken)
    {
        if (!IsMounted(mountpoint)) return;
        var clean = await ExternalCommand.RunAsync("fusermount3", ["-u", mountpoint], null, TimeSpan.FromSeconds(30), cancellationToken);
        if (clean.ExitCode == 0 || !IsMounted(mountpoint)) return;
        var lazy = await ExternalCommand.RunAsync("fusermount3", ["-u", "-z", mountpoint], null, TimeSpan.FromSeconds(30), cancellationToken);
        if (lazy.ExitCode != 0 && IsMounted(mountpoint) && Umount2(mountpoint, MntDetach) != 0)
            throw new IOException($"Could not unmount {mountpoint}: {clean.Output.Trim()} / {lazy.Output.Trim()}");
    }

    /// <summary>
    /// Lazy unmount, synchronous, for signal and exit handlers and the reaper: umount2(MNT_DETACH) as root, else
    /// <c>fusermount3 -u -z</c>. False when the mount is still there.
    /// </summary>
    public static bool Detach(string mountpoint)
    {
        if (Umount2(mountpoint, MntDetach) == 0) return true;
        try
        {
            using var fusermount = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("fusermount3", ["-u", "-z", mountpoint])
                { RedirectStandardError = true, RedirectStandardOutput = true });
            fusermount?.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No fusermount3: nothing else to try.
        }
        return !IsMounted(mountpoint);
    }

    /// <summary>syncfs(2) on the mount: the kernel writes its dirty pages (mmap writes) to the daemon, as plain writes.</summary>
    public static void SyncFileSystem(string mountpoint)
    {
        var fd = Open(mountpoint, ORdOnly | ODirectory);
        if (fd < 0) throw new IOException($"open({mountpoint}) failed with errno {Marshal.GetLastPInvokeError()}.");
        try
        {
            if (SyncFs(fd) != 0) throw new IOException($"syncfs({mountpoint}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
        finally
        {
            Close(fd);
        }
    }

    private static IEnumerable<(string Mountpoint, string Type)> Entries()
    {
        // Fields: id parent major:minor root mountpoint options [optional...] - type source superoptions
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 0 || separator + 1 >= fields.Length) continue;
            yield return (Unescape(fields[4]), fields[separator + 1]);
        }
    }

    private static string Unescape(string field) => field.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2(string target, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);
}
