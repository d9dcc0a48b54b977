using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KafkaChaos.Cluster;

/// <summary>
/// Loopback ports for the cluster's own listeners (ZooKeeper, brokers, KRaft controllers). They are chosen at random
/// below (or above) the OS's ephemeral range, where the OS never hands out a port by itself: a port it gives to a
/// bind(0) (the fault proxy's listeners) or to an outgoing connection (clients, ZooKeeper sessions) can then never
/// take a broker's port in the moment between choosing it and the broker binding it.
/// </summary>
internal static class PortAllocator
{
    private const int LowestPort = 10_000;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    /// <summary><paramref name="count"/> distinct ports that were free a moment ago, outside the ephemeral range.</summary>
    public static int[] Take(int count)
    {
        var (low, high) = FixedRange(EphemeralRange());
        // Hold every chosen port until all are chosen, so none is picked twice.
        var held = new List<TcpListener>();
        try
        {
            for (var attempt = 0; held.Count < count; attempt++)
            {
                if (attempt >= count * 100) throw new InvalidOperationException($"Found only {held.Count} of {count} free ports in {low}–{high}.");
                var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(low, high + 1));
                try
                {
                    listener.Start();
                    held.Add(listener);
                }
                catch (SocketException)
                {
                    listener.Stop(); // taken: try another
                }
            }
            return held.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in held) listener.Stop();
        }
    }

    /// <summary>The larger stretch of ports outside <paramref name="ephemeral"/>, from <see cref="LowestPort"/> up.</summary>
    internal static (int Low, int High) FixedRange((int Low, int High) ephemeral)
    {
        var below = (Low: LowestPort, High: ephemeral.Low - 1);
        var above = (Low: Math.Max(LowestPort, ephemeral.High + 1), High: (int)IPEndPoint.MaxPort);
        var best = below.High - below.Low >= above.High - above.Low ? below : above;
        if (best.High - best.Low < 1000) throw new InvalidOperationException(
            $"The ephemeral port range {ephemeral.Low}–{ephemeral.High} leaves no room for fixed ports above {LowestPort}; narrow it in {EphemeralRangeFile}.");
        return best;
    }

    /// <summary>The OS's ephemeral range: Linux's setting, else IANA's 49152–65535 (macOS, Windows).</summary>
    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText(EphemeralRangeFile).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (49152, IPEndPoint.MaxPort);
        }
    }

    /// <summary>True when something accepts connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
