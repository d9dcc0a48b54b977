using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace KafkaChaos.Cluster;

/// <summary>
/// Reads partition state straight from ZooKeeper (ZooKeeper-mode clusters), with a minimal client of
/// ZooKeeper's wire protocol: one session, getData and getChildren, no watches. The leader writes ISR changes
/// to ZooKeeper at once, while brokers' metadata caches learn them seconds later (and a broker cut off by a
/// fault may never learn them), so this is the harness's source of truth for leader and ISR.
/// </summary>
internal sealed class ZooKeeperReader : IDisposable
{
    private const int GetDataOp = 4;
    private const int GetChildrenOp = 8;
    private const int NoNodeError = -101;

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _xid;
    private string? _broken;

    private ZooKeeperReader(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<ZooKeeperReader> ConnectAsync(int port, int sessionTimeoutMs, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(BrokerAddress.Host, port, cancellationToken);
            var reader = new ZooKeeperReader(client);
            var request = new Writer();
            request.Int32(0);              // protocol version
            request.Int64(0);              // last zxid seen
            request.Int32(sessionTimeoutMs);
            request.Int64(0);              // session id: new session
            request.Buffer(new byte[16]);  // password
            await reader._stream.WriteAsync(request.Frame(), cancellationToken);
            await reader.ReadFrameAsync(cancellationToken); // ConnectResponse: nothing in it we need
            return reader;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The node's data, or null when it does not exist.</summary>
    public async Task<byte[]?> GetDataAsync(string path, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(GetDataOp, path, cancellationToken);
        return reply is null ? null : new Reader(reply).Buffer();
    }

    /// <summary>The node's children, or null when it does not exist.</summary>
    public async Task<IReadOnlyList<string>?> GetChildrenAsync(string path, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(GetChildrenOp, path, cancellationToken);
        if (reply is null) return null;
        var reader = new Reader(reply);
        var children = new List<string>();
        for (var count = reader.Int32(); count > 0; count--) children.Add(reader.String());
        return children;
    }

    /// <summary>Leader, replicas and ISR of a partition, or null while the topic or partition state does not exist.</summary>
    public async Task<PartitionState?> GetPartitionAsync(string topic, int partition, CancellationToken cancellationToken)
    {
        var assignment = await GetDataAsync($"/brokers/topics/{topic}", cancellationToken);
        var state = await GetDataAsync($"/brokers/topics/{topic}/partitions/{partition}/state", cancellationToken);
        if (assignment is null || state is null) return null;
        using var assignmentJson = JsonDocument.Parse(assignment);
        if (!assignmentJson.RootElement.GetProperty("partitions").TryGetProperty(partition.ToString(), out var replicas)) return null;
        using var stateJson = JsonDocument.Parse(state);
        return new PartitionState(topic, partition,
            stateJson.RootElement.GetProperty("leader").GetInt32(),
            replicas.EnumerateArray().Select(r => r.GetInt32()).ToList(),
            stateJson.RootElement.GetProperty("isr").EnumerateArray().Select(r => r.GetInt32()).ToList());
    }

    /// <summary>Broker ids registered (alive) in ZooKeeper.</summary>
    public async Task<IReadOnlyList<int>> GetRegisteredBrokersAsync(CancellationToken cancellationToken) =>
        (await GetChildrenAsync("/brokers/ids", cancellationToken) ?? []).Select(int.Parse).Order().ToList();

    private async Task<byte[]?> CallAsync(int op, string path, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // A call cancelled or failed mid-frame leaves the stream between frames nobody knows: never read it again.
            if (_broken is not null) throw new IOException($"The ZooKeeper connection is unusable since an earlier call {_broken}; reconnect.");
            return await ExchangeAsync(op, path, cancellationToken);
        }
        catch (Exception ex) when (_broken is null && ex is OperationCanceledException or IOException or InvalidDataException or SocketException)
        {
            _broken = ex is OperationCanceledException ? "was cancelled" : $"failed ({ex.Message})";
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]?> ExchangeAsync(int op, string path, CancellationToken cancellationToken)
    {
        var xid = ++_xid;
        var request = new Writer();
        request.Int32(xid);
        request.Int32(op);
        request.String(path);
        request.Bool(false); // no watch
        await _stream.WriteAsync(request.Frame(), cancellationToken);
        var reply = await ReadFrameAsync(cancellationToken);
        var header = new Reader(reply);
        var replyXid = header.Int32();
        header.Int64(); // zxid
        var error = header.Int32();
        if (replyXid != xid) throw new InvalidDataException($"ZooKeeper replied to xid {replyXid}, expected {xid}.");
        if (error == NoNodeError) return null;
        if (error != 0) throw new IOException($"ZooKeeper error {error} reading {path}.");
        return reply[16..];
    }

    private async Task<byte[]> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var size = new byte[4];
        await _stream.ReadExactlyAsync(size, cancellationToken);
        var length = BinaryPrimitives.ReadInt32BigEndian(size);
        if (length is < 0 or > 16 * 1024 * 1024) throw new InvalidDataException($"ZooKeeper frame of implausible size {length}.");
        var frame = new byte[length];
        await _stream.ReadExactlyAsync(frame, cancellationToken);
        return frame;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
        _gate.Dispose();
    }

    private sealed class Writer
    {
        private readonly MemoryStream _body = new();

        public void Int32(int value) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, value); _body.Write(b); }
        public void Int64(long value) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteInt64BigEndian(b, value); _body.Write(b); }
        public void Bool(bool value) => _body.WriteByte(value ? (byte)1 : (byte)0);
        public void Buffer(byte[] value) { Int32(value.Length); _body.Write(value); }
        public void String(string value) => Buffer(Encoding.UTF8.GetBytes(value));

        public byte[] Frame()
        {
            var frame = new byte[4 + _body.Length];
            BinaryPrimitives.WriteInt32BigEndian(frame, (int)_body.Length);
            _body.ToArray().CopyTo(frame, 4);
            return frame;
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public int Int32() { var v = BinaryPrimitives.ReadInt32BigEndian(_data[_position..]); _position += 4; return v; }
        public long Int64() { var v = BinaryPrimitives.ReadInt64BigEndian(_data[_position..]); _position += 8; return v; }

        public byte[]? Buffer()
        {
            var length = Int32();
            if (length < 0) return null;
            var bytes = _data.Slice(_position, length).ToArray();
            _position += length;
            return bytes;
        }

        public string String() => Encoding.UTF8.GetString(Buffer() ?? []);
    }
}
