using System.Globalization;
using System.Runtime.InteropServices;

namespace KafkaChaos.Proxy.Core;

/// <summary>Best-effort scheduling priority for the proxy's reader threads (Linux only: .NET ignores
/// <see cref="Thread.Priority"/> there); <see cref="ReaderPace"/> decides when a reader is boosted.</summary>
/// <remarks>The proxy stands in for the network, which the kernel serves ahead of every process. At normal
/// priority a reader woken by data waits behind the brokers' JVMs for a core on a loaded machine, and an acks=all
/// write crosses the proxy four times (produce, fetch response, next fetch, produce response). Measured on the shared
/// 2-core machine (Kafka benchmark, two runs each): added p50 0.21 / 0.38 ms at nice -10 vs 0.55 / 0.75 ms at 0, and
/// 0.20 / 0.33 ms vs 0.45 / 0.50 ms on 2026-12-07. Set KAFKA_CHAOS_PROXY_NICE to another nice value for the boost
/// (0 = leave the threads alone).</remarks>
internal static partial class ThreadPriority
{
    private const int PrioProcess = 0;
    private const int DefaultReaderNice = -10;

    /// <summary>The nice value of a boosted reader (0: readers are never boosted).</summary>
    public static readonly int ReaderNice =
        int.TryParse(Environment.GetEnvironmentVariable("KAFKA_CHAOS_PROXY_NICE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var nice)
            ? nice
            : DefaultReaderNice;

    /// <summary>The calling thread's nice value, or null where it cannot be read (not Linux).</summary>
    public static int? CurrentThreadNice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            // -1 is a valid nice value: only errno tells a failure (the generated stub clears it before the call).
            var value = GetPriority(PrioProcess, GetTid());
            return value == -1 && Marshal.GetLastPInvokeError() != 0 ? null : value;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Gives the calling thread <paramref name="niceValue"/>; false (nothing changed) where that is not allowed
    /// (a lower value than the thread's without CAP_SYS_NICE) or not Linux.</summary>
    public static bool TrySetCurrentThread(int niceValue)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SetPriority(PrioProcess, GetTid(), niceValue) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
