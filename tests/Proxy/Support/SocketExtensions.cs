using System.Net.Sockets;

namespace KafkaChaos.Tests.Proxy.Support;

internal static class SocketExtensions
{
    /// <summary>Reads exactly <paramref name="count"/> bytes (bounded by the default deadline).</summary>
    public static async Task<byte[]> ReceiveExactlyAsync(this Socket socket, int count)
    {
        var buffer = new byte[count];
        var filled = 0;
        using var cts = new CancellationTokenSource(Deadline.Default);
        while (filled < count)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), cts.Token);
            if (read == 0)
            {
                throw new EndOfStreamException($"EOF after {filled} of {count} bytes");
            }

            filled += read;
        }

        return buffer;
    }

    /// <summary>Reads until EOF or reset; returns the bytes and whether it ended by reset.</summary>
    public static async Task<(byte[] Data, bool Reset)> ReceiveToEndAsync(this Socket socket)
    {
        using var data = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var cts = new CancellationTokenSource(Deadline.Default);
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, cts.Token)) > 0)
            {
                data.Write(buffer, 0, read);
            }

            return (data.ToArray(), false);
        }
        catch (SocketException)
        {
            return (data.ToArray(), true);
        }
    }
}
