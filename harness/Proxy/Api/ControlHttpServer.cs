using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KafkaChaos.Proxy.Api;

/// <summary>A minimal HTTP/1.1 server for the control API: keep-alive, Content-Length or chunked bodies,
/// <c>Expect: 100-continue</c>. Hand-written over sockets so it needs no ASP.NET and binds port 0. A malformed
/// request gets a JSON 400 and that connection is closed; the server keeps serving.</summary>
internal sealed class ControlHttpServer : IAsyncDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;
    private const int MaxBodyBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    private readonly Socket _listener;
    private readonly Func<ControlRequest, CancellationToken, Task<ControlResponse>> _handler;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly HashSet<Socket> _clients = [];

    private ControlHttpServer(Socket listener, Func<ControlRequest, CancellationToken, Task<ControlResponse>> handler, Action<string> log)
    {
        _listener = listener;
        _handler = handler;
        _log = log;
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        Uri = new Uri($"http://{Endpoints.Format(endPoint)}/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri Uri { get; }

    public static ControlHttpServer Start(IPEndPoint endPoint, Func<ControlRequest, CancellationToken, Task<ControlResponse>> handler, Action<string> log)
    {
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endPoint);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new ControlHttpServer(listener, handler, log);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Dispose();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        await _acceptLoop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var reader = new RequestReader(stream);
            while (!_stopping.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                idle.CancelAfter(IdleTimeout);
                ParsedRequest? parsed;
                try
                {
                    parsed = await reader.ReadAsync(stream, idle.Token).ConfigureAwait(false);
                }
                catch (BadHttpRequestException e)
                {
                    await WriteAsync(stream, ControlResponse.Error(HttpStatusCode.BadRequest, e.Message), keepAlive: false, _stopping.Token).ConfigureAwait(false);
                    return;
                }

                if (parsed is null)
                {
                    return;
                }

                ControlResponse response;
                try
                {
                    response = await _handler(parsed.Request, _stopping.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _log($"control API: {parsed.Request.Method} {parsed.Request.Path} failed: {e}");
                    response = ControlResponse.Error(HttpStatusCode.InternalServerError, e.Message);
                }

                await WriteAsync(stream, response, parsed.KeepAlive, _stopping.Token).ConfigureAwait(false);
                if (!parsed.KeepAlive)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            lock (_clients)
            {
                _clients.Remove(client);
            }
        }
    }

    private static async Task WriteAsync(Stream stream, ControlResponse response, bool keepAlive, CancellationToken cancellationToken)
    {
        var status = (int)response.Status;
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrase(response.Status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n")
            .Append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n")
            .Append("\r\n")
            .ToString();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken).ConfigureAwait(false);
        if (response.Body.Length > 0)
        {
            await stream.WriteAsync(response.Body, cancellationToken).ConfigureAwait(false);
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.OK => "OK",
        HttpStatusCode.Created => "Created",
        HttpStatusCode.NoContent => "No Content",
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.MethodNotAllowed => "Method Not Allowed",
        HttpStatusCode.Conflict => "Conflict",
        _ => status.ToString(),
    };

    private sealed record ParsedRequest(ControlRequest Request, bool KeepAlive);

    private sealed class BadHttpRequestException(string message) : Exception(message);

    /// <summary>Reads requests off one connection, keeping bytes past a request for the next one.</summary>
    private sealed class RequestReader(Stream stream)
    {
        private byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public async Task<ParsedRequest?> ReadAsync(Stream output, CancellationToken cancellationToken)
        {
            int headerEnd;
            while ((headerEnd = IndexOfHeaderEnd()) < 0)
            {
                if (_end - _start >= MaxHeaderBytes)
                {
                    throw new BadHttpRequestException("request header too large");
                }

                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (_end == _start)
                    {
                        return null;
                    }

                    throw new BadHttpRequestException("connection closed inside a request header");
                }
            }

            var head = Encoding.Latin1.GetString(_buffer, _start, headerEnd - _start);
            _start = headerEnd + 4;
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || requestLine[0].Length == 0 || !requestLine[1].StartsWith('/'))
            {
                throw new BadHttpRequestException("malformed request line");
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    throw new BadHttpRequestException("malformed header line");
                }

                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            var keepAlive = requestLine[2] == "HTTP/1.1"
                ? !(headers.TryGetValue("Connection", out var c) && c.Equals("close", StringComparison.OrdinalIgnoreCase))
                : headers.TryGetValue("Connection", out var c10) && c10.Equals("keep-alive", StringComparison.OrdinalIgnoreCase);

            if (headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
            {
                await output.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }

            byte[] body;
            if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                body = await ReadChunkedAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (headers.TryGetValue("Content-Length", out var lengthText))
            {
                if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > MaxBodyBytes)
                {
                    throw new BadHttpRequestException("invalid Content-Length");
                }

                body = await ReadExactAsync(length, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                body = [];
            }

            headers.TryGetValue("User-Agent", out var userAgent);
            return new ParsedRequest(new ControlRequest(requestLine[0], requestLine[1], userAgent, body), keepAlive);
        }

        private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
        {
            using var body = new MemoryStream();
            while (true)
            {
                var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                var semicolon = line.IndexOf(';');
                var sizeText = semicolon >= 0 ? line[..semicolon] : line;
                if (!int.TryParse(sizeText.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size < 0 || body.Length + size > MaxBodyBytes)
                {
                    throw new BadHttpRequestException("invalid chunk size");
                }

                if (size == 0)
                {
                    // Trailers, if any, end with an empty line.
                    while ((await ReadLineAsync(cancellationToken).ConfigureAwait(false)).Length > 0)
                    {
                    }

                    return body.ToArray();
                }

                body.Write(await ReadExactAsync(size, cancellationToken).ConfigureAwait(false));
                if ((await ReadLineAsync(cancellationToken).ConfigureAwait(false)).Length != 0)
                {
                    throw new BadHttpRequestException("malformed chunk");
                }
            }
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var index = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (index >= 0)
                {
                    var line = Encoding.Latin1.GetString(_buffer, _start, index - _start).TrimEnd('\r');
                    _start = index + 1;
                    return line;
                }

                if (_end - _start > MaxHeaderBytes || !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new BadHttpRequestException("malformed chunked body");
                }
            }
        }

        private async Task<byte[]> ReadExactAsync(int length, CancellationToken cancellationToken)
        {
            var result = new byte[length];
            var filled = 0;
            while (filled < length)
            {
                if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new BadHttpRequestException("connection closed inside a request body");
                }

                var take = Math.Min(length - filled, _end - _start);
                Array.Copy(_buffer, _start, result, filled, take);
                _start += take;
                filled += take;
            }

            return result;
        }

        private int IndexOfHeaderEnd() => _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8) is var i and >= 0 ? _start + i : -1;

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            _end += read;
            return read > 0;
        }
    }
}
