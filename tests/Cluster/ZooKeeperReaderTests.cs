using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KafkaChaos.Cluster;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster;

/// <summary>
/// <see cref="ZooKeeperReader"/> against a loopback listener that speaks ZooKeeper's framing and stalls mid-frame:
/// a call cancelled half-way must leave the reader refusing further calls (so its owner reconnects) instead of
/// reading the rest of the old frame as the next reply.
/// </summary>
[TestFixture]
internal sealed class ZooKeeperReaderTests
{
    [Test]
    public async Task A_call_cancelled_mid_frame_makes_the_connection_unusable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var replyHalfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = ServeAsync(listener, replyHalfSent);

        var reader = await ZooKeeperReader.ConnectAsync(port, 4000, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var first = reader.GetRegisteredBrokersAsync(cancel.Token);
        await replyHalfSent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        Assert.That(async () => await first, Throws.InstanceOf<OperationCanceledException>());

        var second = await Assert.ThrowsAsync<IOException>(async () => await reader.GetRegisteredBrokersAsync(CancellationToken.None));
        Assert.That(second!.Message, Does.Contain("unusable").And.Contain("cancelled"));
        reader.Dispose();
        await server.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Answers the session handshake, then sends two of the four size bytes of the first reply and waits.</summary>
    private static async Task ServeAsync(TcpListener listener, TaskCompletionSource replyHalfSent)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        await ReadFrameAsync(stream);                 // ConnectRequest
        await stream.WriteAsync(Frame(new byte[36])); // ConnectResponse (its content is not read)
        await ReadFrameAsync(stream);                 // getChildren /brokers/ids
        await stream.WriteAsync(new byte[] { 0, 0 });
        replyHalfSent.SetResult();
        // Hold the connection open until the client gives up on it.
        try { await ReadFrameAsync(stream); } catch (IOException) { } // EndOfStreamException too: the client closed
    }

    private static async Task ReadFrameAsync(NetworkStream stream)
    {
        var size = new byte[4];
        await stream.ReadExactlyAsync(size);
        await stream.ReadExactlyAsync(new byte[BinaryPrimitives.ReadInt32BigEndian(size)]);
    }

    private static byte[] Frame(byte[] body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }
}
