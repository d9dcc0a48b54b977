using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace KafkaChaos.Storage;

/// <summary>
/// Process-wide last line of defence against leftover lazy mounts, as <c>OrphanGuard</c> is for JVMs: every live mount
/// is detached and its daemon ended when this process exits or gets SIGINT, SIGTERM or SIGHUP. After a SIGKILL of this
/// process each daemon notices its owner is gone and unmounts itself; <see cref="LazyMountReaper"/> removes what is left
/// (a mount whose daemon died too) at the next start.
/// </summary>
internal static class LazyMountGuard
{
    private static readonly ConcurrentDictionary<LazyMount, byte> Mounts = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static int _installed;

    public static void Track(LazyMount mount)
    {
        Install();
        Mounts[mount] = 0;
    }

    public static void Untrack(LazyMount mount) => Mounts.TryRemove(mount, out _);

    private static void AbandonAll()
    {
        foreach (var mount in Mounts.Keys)
        {
            mount.Abandon();
            Mounts.TryRemove(mount, out _);
        }
    }

    private static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => AbandonAll();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            Registrations.Add(PosixSignalRegistration.Create(signal, _ => AbandonAll()));
    }
}
