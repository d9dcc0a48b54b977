using System.Globalization;
using System.Runtime.InteropServices;

namespace KafkaChaos.Proxy.Core;

/// <summary>Best-effort scheduling priority for the proxy's reader threads (Linux only: .NET ignores
/// <see cref="Thread.Priority"/> there).</summary>
/// <remarks>The proxy stands in for the network, which the kernel serves ahead of every process. At normal
/// priority a reader woken by data waits behind the brokers' JVMs for a core on a loaded machine, and an acks=all
/// write crosses the proxy four times (produce, fetch response, next fetch, produce response). Readers sleep in
/// poll(2) and do one recv and one send per wake-up, so the boost cannot starve anyone. Measured on the shared
/// 2-core machine (Kafka benchmark, two runs each): added p50 0.21 / 0.38 ms at nice -10 vs 0.55 / 0.75 ms at 0.
/// Set KAFKA_CHAOS_PROXY_NICE to another nice value (0 = leave the threads alone).</remarks>
internal static partial class ThreadPriority
{
    private const int PrioProcess = 0;
    private const int DefaultReaderNice = -10;

    private static readonly int ReaderNice =
        int.TryParse(Environment.GetEnvironmentVariable("KAFKA_CHAOS_PROXY_NICE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var nice)
            ? nice
            : DefaultReaderNice;

    /// <summary>Gives the calling thread the readers' nice value; false (nothing changed) where that is not
    /// allowed (no CAP_SYS_NICE) or not Linux.</summary>
    public static bool TryRaiseCurrentThread()
    {
        if (!OperatingSystem.IsLinux() || ReaderNice == 0)
        {
            return false;
        }

        try
        {
            return SetPriority(PrioProcess, GetTid(), ReaderNice) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
