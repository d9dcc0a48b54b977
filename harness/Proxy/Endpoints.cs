using System.Globalization;
using System.Net;

namespace KafkaChaos.Proxy;

/// <summary>host:port parsing shared by listen and upstream addresses.</summary>
internal static class Endpoints
{
    public static (string Host, int Port) ParseHostPort(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"expected host:port, got '{value}'");
        }

        var host = value[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return (host, port);
    }

    /// <summary>A bindable endpoint. "localhost" and an empty host mean loopback: never all interfaces by accident.</summary>
    public static IPEndPoint ParseListen(string value)
    {
        var (host, port) = ParseHostPort(value);
        if (host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            throw new FormatException($"listen host must be an IP address or localhost, got '{host}'");
        }

        return new IPEndPoint(address, port);
    }

    public static string Format(IPEndPoint endPoint) => endPoint.ToString();
}
