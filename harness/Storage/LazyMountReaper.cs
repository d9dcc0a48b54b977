using System.Globalization;

namespace KafkaChaos.Storage;

/// <summary>
/// Removes the lazy mounts a dead owner left under a directory (a run directory being reaped): each is detached, and
/// its daemon, when still alive and still the lazyfs of that mountpoint (its command line names it), is killed.
/// </summary>
internal static class LazyMountReaper
{
    /// <summary>Returns the number of mounts removed.</summary>
    public static int ReapUnder(string directory, TextWriter? log)
    {
        if (!Directory.Exists(directory)) return 0;
        var removed = 0;
        foreach (var mountpoint in MountTable.LazyMountsUnder(directory))
        {
            var detached = MountTable.Detach(mountpoint);
            log?.WriteLine(detached ? $"reaped stale lazy mount {mountpoint}" : $"could not detach stale lazy mount {mountpoint}");
            if (detached) removed++;
        }
        foreach (var pidFile in Directory.EnumerateFiles(directory, "*.lazyfs.pid", SearchOption.AllDirectories))
        {
            if (!int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var mountpoint = pidFile[..^".lazyfs.pid".Length];
            if (!CommandLine(pid).Contains(mountpoint, StringComparison.Ordinal)) continue;
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
                log?.WriteLine($"reaped lazy filesystem daemon {pid} of {mountpoint}");
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
        return removed;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
