using System.Net;

namespace KafkaChaos.Proxy.Api;

/// <summary>A Toxiproxy API call answered with an error status; <see cref="Exception.Message"/> is the server's
/// <c>error</c> text.</summary>
internal sealed class ToxiproxyException(HttpStatusCode status, string message) : Exception($"{(int)status} {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string ServerMessage { get; } = message;
}
