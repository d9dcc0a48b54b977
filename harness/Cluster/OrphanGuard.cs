using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace KafkaChaos.Cluster;

/// <summary>
/// Process-wide last line of defence against orphan JVMs: every JVM the harness starts is tracked here and
/// killed when this process exits normally, or on SIGINT, SIGTERM or SIGHUP. (SIGKILL cannot be caught;
/// <see cref="RunDirectory.ReapStale"/> handles that case at the next start.)
/// </summary>
internal static class OrphanGuard
{
    private static readonly ConcurrentDictionary<int, byte> Pids = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static int _installed;

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
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            // Not cancelling the context lets the runtime's default handling terminate the process afterwards.
            Registrations.Add(PosixSignalRegistration.Create(signal, _ => KillAll()));
        }
    }
}
