using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>
/// What one proxy crossing costs at least on this machine: 1 KiB ping-pong over loopback TCP between the caller's
/// thread and one of the probe's own, with blocking sockets, half the round trip. Each crossing of the proxy wakes one
/// of its reader threads the same way (a wait on its socket that arriving data ends, then a send), so this is the
/// floor of its added latency, set by the kernel and the (virtual) CPUs rather than by the proxy's code.
/// </summary>
internal static class ThreadWakeProbe
{
    private const int MessageBytes = 1024;

    /// <summary>The p50 of half the round trip, in µs, over <paramref name="roundTrips"/> round trips (after a warm-up).</summary>
    public static double OneWayP50Micros(int roundTrips)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        using var server = listener.Accept();
        server.NoDelay = true;
        var echo = new Thread(() =>
        {
            var buffer = new byte[MessageBytes];
            try
            {
                while (ReceiveExactly(server, buffer))
                {
                    server.Send(buffer);
                }
            }
            catch (SocketException)
            {
                // The caller's receive then fails and says so; an exception escaping this thread would end the test host.
            }
        }) { IsBackground = true, Name = "wake probe echo" };
        echo.Start();

        // The caller's thread pings: blocking calls on a socket never used asynchronously are plain recv/send.
        var samples = new double[roundTrips];
        var message = new byte[MessageBytes];
        var reply = new byte[MessageBytes];
        try
        {
            for (var i = -roundTrips / 10; i < roundTrips; i++)
            {
                var start = Stopwatch.GetTimestamp();
                client.Send(message);
                if (!ReceiveExactly(client, reply))
                {
                    throw new IOException("the probe's echo closed early");
                }
                if (i >= 0)
                {
                    samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / 2;
                }
            }
        }
        finally
        {
            client.Shutdown(SocketShutdown.Send);
            echo.Join();
        }
        Array.Sort(samples);
        return samples[samples.Length / 2];
    }

    private static bool ReceiveExactly(Socket socket, byte[] buffer)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var n = socket.Receive(buffer, read, buffer.Length - read, SocketFlags.None);
            if (n == 0)
            {
                return false;
            }
            read += n;
        }
        return true;
    }
}
