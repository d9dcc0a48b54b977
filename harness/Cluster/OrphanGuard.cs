using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace KafkaChaos.Cluster;

/// <summary>
/// Process-wide last line of defence against orphan JVMs: every JVM the harness starts is tracked here and
/// killed when this process exits normally, and on SIGINT, SIGTERM or SIGHUP once the host opted in with
/// <see cref="InstallSignalHandlers"/> (the chaos tool does; a library never installs signal handlers in someone
/// else's process on its own). (SIGKILL cannot be caught; <see cref="RunDirectory.ReapStale"/> handles that case,
/// and an uncaught signal, at the next start.)
/// </summary>
internal static class OrphanGuard
{
    private static readonly ConcurrentDictionary<int, byte> Pids = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static int _installed;
    private static int _signalsInstalled;

    public static void Track(int pid)
    {
        Install();
        Pids[pid] = 0;
    }

    public static void Untrack(int pid) => Pids.TryRemove(pid, out _);

    /// <summary>kill -9 every tracked JVM now.</summary>
    public static void KillAll()
    {
        foreach (var pid in Pids.Keys)
        {
            PosixSignals.Send(pid, PosixSignals.SigKill);
            Pids.TryRemove(pid, out _);
        }
    }

    private static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    /// <summary>Also kill every tracked JVM on SIGINT, SIGTERM and SIGHUP (once per process; opt-in).</summary>
    public static void InstallSignalHandlers()
    {
        if (Interlocked.Exchange(ref _signalsInstalled, 1) == 1) return;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            // Not cancelling the context lets the runtime's default handling terminate the process afterwards.
            Registrations.Add(PosixSignalRegistration.Create(signal, _ => KillAll()));
        }
    }
}
