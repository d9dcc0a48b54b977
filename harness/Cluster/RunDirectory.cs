using System.Globalization;

namespace KafkaChaos.Cluster;

/// <summary>
/// A cluster run's directory: configuration, data and logs of every node, the pid of each JVM, and the
/// owner (the harness process and its start time, so a recycled pid is not mistaken for a live owner).
/// </summary>
internal sealed class RunDirectory
{
    private const string OwnerFile = "owner";

    /// <summary>Written once every node has stopped, when the run is kept for its logs: the reaper leaves it alone.</summary>
    private const string KeptFile = "kept";

    private RunDirectory(string path) => Path = path;

    public string Path { get; }

    public string Node(string name) => System.IO.Path.Combine(Path, name);

    public static RunDirectory Create(string runsRoot)
    {
        var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        var path = System.IO.Path.Combine(runsRoot, name);
        Directory.CreateDirectory(path);
        File.WriteAllText(System.IO.Path.Combine(path, OwnerFile), $"{Environment.ProcessId} {ProcessStartTicks(Environment.ProcessId)}");
        return new RunDirectory(path);
    }

    public void Delete()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }

    /// <summary>Keeps this run's directory (every node has stopped): later starts do not reap it.</summary>
    public void Keep() => File.WriteAllText(System.IO.Path.Combine(Path, KeptFile), "");

    /// <summary>
    /// Kills the JVMs of runs whose owner is gone (it was SIGKILLed, or crashed) and deletes those runs.
    /// A pid is killed only when its command line still names the run directory, so a pid the OS has since
    /// given to an unrelated process is left alone. Returns the number of JVMs killed.
    /// </summary>
    public static int ReapStale(string runsRoot, TextWriter? log)
    {
        if (!Directory.Exists(runsRoot)) return 0;
        var killed = 0;
        foreach (var run in Directory.EnumerateDirectories(runsRoot))
        {
            if (File.Exists(System.IO.Path.Combine(run, KeptFile)) || OwnerAlive(run)) continue;
            foreach (var pidFile in Directory.EnumerateFiles(run, "jvm.pid", SearchOption.AllDirectories))
            {
                if (!int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) continue;
                if (!CommandLine(pid).Contains(run, StringComparison.Ordinal)) continue;
                PosixSignals.Send(pid, PosixSignals.SigCont);
                PosixSignals.Send(pid, PosixSignals.SigKill);
                killed++;
                log?.WriteLine($"reaped orphan JVM {pid} of stale run {run}");
            }
            Storage.LazyMountReaper.ReapUnder(run, log);
            try
            {
                Directory.Delete(run, recursive: true);
            }
            catch (IOException)
            {
                // A JVM still writing as it dies; the next start tries again.
            }
        }
        return killed;
    }

    private static bool OwnerAlive(string run)
    {
        var ownerPath = System.IO.Path.Combine(run, OwnerFile);
        if (!File.Exists(ownerPath))
        {
            // Being created right now by another process, or a broken run: give it a minute.
            return Directory.GetCreationTimeUtc(run) > DateTime.UtcNow.AddMinutes(-1);
        }
        var parts = File.ReadAllText(ownerPath).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], out var pid)) return false;
        return IsAlive(pid, parts[1]);
    }

    /// <summary>True while process <paramref name="pid"/> exists and is the one that started at <paramref name="startTicks"/> (not a recycled pid).</summary>
    internal static bool IsAlive(int pid, string startTicks) => PosixSignals.Exists(pid) && ProcessStartTicks(pid) == startTicks;

    /// <summary>Field 22 of /proc/PID/stat: the start time in clock ticks since boot.</summary>
    internal static string ProcessStartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces; fields after it are space separated.
            var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return afterName[19];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return "gone";
        }
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
