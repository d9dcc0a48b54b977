using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using KafkaChaos.Provisioning;

namespace KafkaChaos.Storage;

/// <summary>
/// A backing directory mounted through the lazy filesystem at a mountpoint: everything written is visible at once,
/// but only what was fsynced survives <see cref="DropUnsyncedAsync"/>, as after a power cut. Owns its daemon (a child
/// in its own session, its pid in <c>lazyfs.pid</c> beside the mountpoint for the reaper); disposal unmounts
/// (<c>fusermount3 -u</c>, lazily when busy) and waits for the daemon to exit.
/// </summary>
internal sealed class LazyMount : IAsyncDisposable
{
    private static readonly TimeSpan ControlTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _daemon;
    private readonly string _controlSocket;
    private readonly string _pidFile;
    private int _disposed;

    private LazyMount(Process daemon, string backing, string mountpoint, string controlSocket, string pidFile, string logFile)
    {
        _daemon = daemon;
        Backing = backing;
        Mountpoint = mountpoint;
        _controlSocket = controlSocket;
        _pidFile = pidFile;
        LogFile = logFile;
    }

    public string Backing { get; }
    public string Mountpoint { get; }

    /// <summary>The daemon's own output (mount, owner-gone and error lines).</summary>
    public string LogFile { get; }

    /// <summary>The file beside a mountpoint that holds its daemon's pid.</summary>
    public static string PidFileOf(string mountpoint) => mountpoint.TrimEnd('/') + ".lazyfs.pid";

    /// <summary>
    /// Mounts <paramref name="backing"/> (created when missing) at <paramref name="mountpoint"/> (created when missing,
    /// must be empty) and returns once the filesystem answers. Builds the daemon first when the cache lacks it.
    /// </summary>
    public static async Task<LazyMount> MountAsync(CachePaths cache, string backing, string mountpoint, TextWriter? log, CancellationToken cancellationToken)
    {
        var binary = await LazyFsBinary.EnsureBuiltAsync(cache, log, cancellationToken);
        if (!File.Exists("/dev/fuse")) throw new ProvisioningException("The lazy filesystem needs /dev/fuse (a container needs --device /dev/fuse and CAP_SYS_ADMIN).");
        backing = Path.GetFullPath(backing);
        mountpoint = Path.GetFullPath(mountpoint);
        Directory.CreateDirectory(backing);
        Directory.CreateDirectory(mountpoint);
        if (Directory.EnumerateFileSystemEntries(mountpoint).Any()) throw new IOException($"Mountpoint {mountpoint} is not empty.");
        var controlSocket = mountpoint.TrimEnd('/') + ".lazyfs.sock";
        if (Encoding.UTF8.GetByteCount(controlSocket) >= 108)
            throw new IOException($"The control socket path {controlSocket} is too long for a Unix socket (108 bytes); use a shorter cache or run directory.");
        var logFile = mountpoint.TrimEnd('/') + ".lazyfs.log";
        var pidFile = PidFileOf(mountpoint);

        // Its own session (setsid), so a Ctrl-C at the terminal reaches the harness, which unmounts after its brokers stopped.
        var command = $"exec setsid {Quote(binary)} {Quote(backing)} {Quote(mountpoint)} {Quote(controlSocket)} {Environment.ProcessId} >> {Quote(logFile)} 2>&1";
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        var daemon = Process.Start(info) ?? throw new IOException($"Could not start {binary}.");
        await File.WriteAllTextAsync(pidFile, daemon.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
        var mount = new LazyMount(daemon, backing, mountpoint, controlSocket, pidFile, logFile);
        LazyMountGuard.Track(mount);
        try
        {
            await mount.WaitReadyAsync(cancellationToken);
            log?.WriteLine($"lazy filesystem mounted at {mountpoint} (backing {backing}, daemon {daemon.Id})");
            return mount;
        }
        catch
        {
            await mount.DisposeAsync();
            throw;
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        Exception? last = null;
        while (true)
        {
            if (_daemon.HasExited)
                throw new IOException($"The lazy filesystem daemon exited with code {_daemon.ExitCode} while mounting {Mountpoint}:\n{Tail()}");
            try
            {
                if (MountTable.IsMounted(Mountpoint) && (await CommandAsync("ping", deadline.Token)).SequenceEqual(["pong"])) return;
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                last = ex;
            }
            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IOException($"The lazy filesystem at {Mountpoint} did not answer within 20 s ({last?.Message ?? "not mounted"}):\n{Tail()}");
            }
        }
    }

    /// <summary>Files with unsynced changes and their unsynced bytes, now.</summary>
    public async Task<DirtyStats> StatsAsync(CancellationToken cancellationToken = default)
    {
        var line = (await CommandAsync("stats", cancellationToken)).Single();
        var fields = Fields(line, "dirty");
        return new DirtyStats(int.Parse(fields["files"], CultureInfo.InvariantCulture), long.Parse(fields["bytes"], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Pushes the kernel's dirty pages of this mount (written through mmap) to the daemon, then discards everything
    /// not fsynced: every file goes back to its length and bytes at its last sync. Call it with no writer running,
    /// as a power cut leaves none; writes racing a drop may survive it.
    /// </summary>
    public async Task<DropReport> DropUnsyncedAsync(CancellationToken cancellationToken = default)
    {
        MountTable.SyncFileSystem(Mountpoint);
        var lines = await CommandAsync("drop", cancellationToken);
        var details = new List<DroppedFile>();
        foreach (var line in lines.Where(l => l.StartsWith("file ", StringComparison.Ordinal)))
        {
            if (line.EndsWith(" failed", StringComparison.Ordinal)) throw new IOException($"The lazy filesystem could not restore a file: {line}");
            var start = line.LastIndexOf(" synced=", StringComparison.Ordinal);
            var fields = Fields(line[start..], "");
            details.Add(new DroppedFile(line[5..start], long.Parse(fields["synced"], CultureInfo.InvariantCulture),
                long.Parse(fields["length"], CultureInfo.InvariantCulture), long.Parse(fields["restored"], CultureInfo.InvariantCulture)));
        }
        var summary = Fields(lines.Single(l => l.StartsWith("dropped ", StringComparison.Ordinal)), "dropped");
        return new DropReport(Mountpoint, int.Parse(summary["files"], CultureInfo.InvariantCulture), long.Parse(summary["bytes"], CultureInfo.InvariantCulture), details);
    }

    private async Task<List<string>> CommandAsync(string command, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ControlTimeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(_controlSocket), deadline.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\n"), deadline.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(deadline.Token) is { } line && line != "end")
        {
            if (line.StartsWith("error ", StringComparison.Ordinal)) throw new IOException($"lazyfs at {Mountpoint}: {line[6..]}");
            lines.Add(line);
        }
        return lines;
    }

    private static Dictionary<string, string> Fields(string line, string head)
    {
        if (!line.StartsWith(head, StringComparison.Ordinal)) throw new IOException($"Unexpected answer from lazyfs: '{line}'.");
        return line[head.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
    }

    private string Tail() => File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(15)) : "(no daemon output)";

    /// <summary>Unmounts (lazily when a file is still open) and waits for the daemon to exit; kill -9 as the last resort.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await MountTable.UnmountAsync(Mountpoint, CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _daemon.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _daemon.Kill();
            await _daemon.WaitForExitAsync(CancellationToken.None);
        }
        LazyMountGuard.Untrack(this);
        _daemon.Dispose();
        File.Delete(_pidFile);
        File.Delete(_controlSocket);
    }

    /// <summary>The synchronous last resort of <see cref="LazyMountGuard"/> (process exit, Ctrl-C): detach the mount, end the daemon.</summary>
    internal void Abandon()
    {
        MountTable.Detach(Mountpoint);
        try
        {
            if (!_daemon.HasExited) _daemon.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
