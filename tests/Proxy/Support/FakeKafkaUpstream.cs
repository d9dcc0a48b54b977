using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;

namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>A test double for the upstream socket: reads request frames and answers each (except Produce acks=0)
/// with a response frame carrying its correlation id. It records what arrived; it judges nothing.</summary>
internal sealed class FakeKafkaUpstream : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly LoopbackListener _listener;

    public FakeKafkaUpstream() => _listener = new LoopbackListener((client, stop) => _ = ServeAsync(client, stop));

    public string Address => _listener.Address;

    public IReadOnlyList<ReceivedRequest> Received => _received.ToList();

    /// <summary>Response body bytes after the correlation id.</summary>
    public int ResponseFillerBytes { get; init; } = 32;

    public Task WaitForRequestsAsync(int count) =>
        Deadline.UntilAsync(() => Task.FromResult(_received.Count >= count), $"{count} requests at the upstream");

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        client.NoDelay = true;
        try
        {
            using (client)
            {
                while (await KafkaFrames.ReadFrameAsync(client, stop) is { } payload)
                {
                    var apiKey = BinaryPrimitives.ReadInt16BigEndian(payload);
                    var correlationId = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(4));
                    _received.Enqueue(new ReceivedRequest(apiKey, correlationId, payload.Length));
                    if (apiKey == KafkaFrames.Produce && ProduceAcks(payload) == 0)
                    {
                        continue;
                    }

                    var response = new byte[4 + ResponseFillerBytes];
                    BinaryPrimitives.WriteInt32BigEndian(response, correlationId);
                    await client.SendAsync(KafkaFrames.Frame(response), stop);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or EndOfStreamException)
        {
        }
    }

    private static short ProduceAcks(byte[] payload)
    {
        var clientIdLength = BinaryPrimitives.ReadInt16BigEndian(payload.AsSpan(8));
        var offset = 10 + Math.Max((short)0, clientIdLength);
        var transactionalIdLength = BinaryPrimitives.ReadInt16BigEndian(payload.AsSpan(offset));
        offset += 2 + Math.Max((short)0, transactionalIdLength);
        return BinaryPrimitives.ReadInt16BigEndian(payload.AsSpan(offset));
    }
}
