using System.Buffers.Binary;
using System.Net.Sockets;

namespace KafkaChaos.Protocol;

/// <summary>One raw Kafka connection of the harness: sends a request, reads its response (one at a time, so
/// correlation ids are checked, not searched for). A closed or reset connection surfaces as
/// <see cref="EndOfStreamException"/> or <see cref="IOException"/>/<see cref="SocketException"/>.</summary>
internal sealed class KafkaConnection : IDisposable
{
    private const int MaxResponseBytes = 64 * 1024 * 1024;

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly string _clientId;
    private int _correlationId;

    private KafkaConnection(TcpClient client, string clientId)
    {
        _client = client;
        _stream = client.GetStream();
        _clientId = clientId;
    }

    public static async Task<KafkaConnection> ConnectAsync(string host, int port, string clientId, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, cancellationToken);
            return new KafkaConnection(client, clientId);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="apiKey"/> v<paramref name="apiVersion"/> with the body <paramref name="writeBody"/>
    /// writes and returns a reader at the response body (set to its encoding).</summary>
    public async Task<KafkaReader> RequestAsync(short apiKey, short apiVersion, Action<KafkaWriter> writeBody, CancellationToken cancellationToken)
    {
        var header = new RequestHeader(apiKey, apiVersion, ++_correlationId, _clientId);
        var writer = header.Start();
        writeBody(writer);
        await _stream.WriteAsync(writer.ToFrame(), cancellationToken);

        var sizeBytes = new byte[4];
        await _stream.ReadExactlyAsync(sizeBytes, cancellationToken);
        var size = BinaryPrimitives.ReadInt32BigEndian(sizeBytes);
        if (size is < 4 or > MaxResponseBytes) throw new InvalidDataException($"Response of implausible size {size} to api {apiKey} v{apiVersion}.");
        var payload = new byte[size];
        await _stream.ReadExactlyAsync(payload, cancellationToken);
        var reader = new KafkaReader(payload, flexible: false);
        var correlationId = ResponseHeader.Read(reader, apiKey, apiVersion);
        if (correlationId != header.CorrelationId)
            throw new InvalidDataException($"Response correlation id {correlationId} to a request with {header.CorrelationId} (api {apiKey} v{apiVersion}).");
        return reader;
    }

    public void Dispose() => _client.Dispose();
}
