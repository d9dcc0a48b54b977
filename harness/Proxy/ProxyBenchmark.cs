using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KafkaChaos.Proxy;

/// <summary>Throughput and round-trip latency through the proxy versus direct, over loopback with a local echo
/// server and 1 KiB messages; plus allocation per MB and memory per idle connection. Prints figures only:
/// targets (≥ 90 % of direct throughput, ≤ 0.2 ms added p50) are for a person to read, not asserted.</summary>
internal static class ProxyBenchmark
{
    private const int MessageBytes = 1024;

    /// <summary>Kafka-sized: a producer batch or a follower's fetch response is up to ~1 MB.</summary>
    private const int BulkMessageBytes = 1024 * 1024;
    private const long ThroughputBytes = 64L * 1024 * 1024;
    // Single rounds swing ±50 % on the shared 2-core machine; rounds are cheap (~0.1-0.3 s each).
    private const int Rounds = 21;
    private const int RoundTrips = 5000;
    private const int WarmUpRoundTrips = 500;
    private const int IdleConnections = 200;

    public static async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var echo = new Echo();
        await using var server = await ProxyServer.StartAsync(new ProxyServerOptions { ControlPort = null, Seed = 1 }, cancellationToken).ConfigureAwait(false);
        var tcp = await server.CreateProxyAsync(new ProxyDefinition("bench-tcp", "127.0.0.1:0", echo.Address), cancellationToken).ConfigureAwait(false);
        var kafka = await server.CreateProxyAsync(new ProxyDefinition("bench-kafka", "127.0.0.1:0", echo.Address, Protocol: ProxyProtocol.Kafka), cancellationToken).ConfigureAwait(false);

        output.WriteLine($"proxy benchmark: loopback echo, {MessageBytes} B and {BulkMessageBytes} B messages, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load {LoadAverage()}");
        var targets = new (string Name, int Port)[] { ("direct", echo.Port), ("proxy tcp", tcp.ListenPort), ("proxy kafka", kafka.ListenPort) };

        foreach (var messageBytes in new[] { MessageBytes, BulkMessageBytes })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {messageBytes} B messages:"));
            // The machine is shared: rounds interleave the targets and the median of each is reported.
            var samples = targets.ToDictionary(t => t.Name, _ => new List<(double Mbps, long Allocated, double CpuMsPerMb)>());
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var (name, port) in targets)
                {
                    var before = GC.GetTotalAllocatedBytes(precise: true);
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var mbps = await ThroughputAsync(port, messageBytes, cancellationToken).ConfigureAwait(false);
                    // CPU time of the whole process (client, echo and proxy): steadier than MB/s on a shared machine.
                    var cpuMsPerMb = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (ThroughputBytes / 1048576.0);
                    samples[name].Add((mbps, GC.GetTotalAllocatedBytes(precise: true) - before, cpuMsPerMb));
                }
            }

            var directMbps = Median(samples["direct"].Select(s => s.Mbps));
            foreach (var (name, _) in targets)
            {
                var mbps = Median(samples[name].Select(s => s.Mbps));
                // Each round against the direct run next to it: load swings between rounds cancel out.
                var ratios = samples[name].Zip(samples["direct"], (s, d) => s.Mbps / d.Mbps * 100).ToArray();
                var allocatedPerMb = Median(samples[name].Select(s => (double)s.Allocated)) / (ThroughputBytes / 1048576.0);
                var cpuMsPerMb = Median(samples[name].Select(s => s.CpuMsPerMb));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  throughput {name,-12} {mbps,8:F1} MB/s  ({mbps / directMbps * 100,5:F1} % of direct; per-round ratio median {Median(ratios),5:F1} %; median of {Rounds}: {string.Join(" ", samples[name].Select(s => s.Mbps.ToString("F0", CultureInfo.InvariantCulture)))})  allocated {allocatedPerMb / 1024,6:F1} KiB/MB, process CPU {cpuMsPerMb,5:F2} ms/MB"));
            }
        }

        var p50Direct = 0.0;
        foreach (var (name, port) in targets)
        {
            var (p50, p99) = await LatencyAsync(port, cancellationToken).ConfigureAwait(false);
            if (name == "direct")
            {
                p50Direct = p50;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round trip {name,-12} p50 {p50,7:F3} ms  p99 {p99,7:F3} ms  (p50 added {p50 - p50Direct,6:F3} ms)"));
        }

        // Idle connections direct and proxied: the difference is what the proxy holds per connection.
        var direct = await MemoryPerConnectionAsync(echo.Port, cancellationToken).ConfigureAwait(false);
        var proxied = await MemoryPerConnectionAsync(tcp.ListenPort, cancellationToken).ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  managed memory per idle connection held by the proxy: {(proxied - direct) / 1024.0:F1} KiB (proxied {proxied / 1024.0:F1} - direct {direct / 1024.0:F1}, {IdleConnections} connections)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  bound per connection under a slow toxic: 2 directions x ({Core.Link.QueueCapacity} queued + 1 reading) x {Core.Link.ReadBufferBytes / 1024} KiB = {2 * (Core.Link.QueueCapacity + 1) * Core.Link.ReadBufferBytes / 1024} KiB"));
        output.WriteLine($"  load average after: {LoadAverage()}");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static async Task<double> ThroughputAsync(int port, int messageBytes, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(port, cancellationToken).ConfigureAwait(false);
        var message = new byte[messageBytes];
        // Kafka-shaped: a size prefix so the Kafka proxy sees well-formed frames.
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(message, messageBytes - 4);
        var watch = Stopwatch.StartNew();
        var send = Task.Run(
            async () =>
            {
                for (long sent = 0; sent < ThroughputBytes; sent += messageBytes)
                {
                    await socket.SendAsync(message, cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken);
        var buffer = new byte[64 * 1024];
        long received = 0;
        while (received < ThroughputBytes)
        {
            var read = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("echo closed early");
            }

            received += read;
        }

        await send.ConfigureAwait(false);
        return ThroughputBytes / 1048576.0 / watch.Elapsed.TotalSeconds;
    }

    private static async Task<(double P50, double P99)> LatencyAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(port, cancellationToken).ConfigureAwait(false);
        var message = new byte[MessageBytes];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(message, MessageBytes - 4);
        var buffer = new byte[MessageBytes];
        var samples = new double[RoundTrips];
        for (var i = -WarmUpRoundTrips; i < RoundTrips; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var filled = 0;
            while (filled < MessageBytes)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("echo closed early");
                }

                filled += read;
            }

            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        Array.Sort(samples);
        return (samples[RoundTrips / 2], samples[(int)(RoundTrips * 0.99)]);
    }

    private static async Task<double> MemoryPerConnectionAsync(int port, CancellationToken cancellationToken)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < IdleConnections; i++)
            {
                var socket = await ConnectAsync(port, cancellationToken).ConfigureAwait(false);
                sockets.Add(socket);
                // One round trip proves the connection is fully set up through the proxy.
                await socket.SendAsync(new byte[] { 0, 0, 0, 0 }, cancellationToken).ConfigureAwait(false);
                var buffer = new byte[4];
                for (var filled = 0; filled < 4;)
                {
                    filled += await socket.ReceiveAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                }
            }

            var after = GC.GetTotalMemory(forceFullCollection: true);
            return (after - before) / (double)IdleConnections;
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static async Task<Socket> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
        return socket;
    }

    /// <summary>The loopback echo server the benchmark measures against.</summary>
    private sealed class Echo : IDisposable
    {
        private readonly Socket _listener = new(SocketType.Stream, ProtocolType.Tcp);
        private readonly CancellationTokenSource _stop = new();

        public Echo()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(512);
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

        public string Address => $"127.0.0.1:{Port}";

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                    client.NoDelay = true;
                    _ = EchoAsync(client);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        }

        private async Task EchoAsync(Socket client)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                using (client)
                {
                    int read;
                    while ((read = await client.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false)) > 0)
                    {
                        await client.SendAsync(buffer.AsMemory(0, read), _stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}
