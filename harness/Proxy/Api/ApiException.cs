using System.Net;

namespace KafkaChaos.Proxy.Api;

/// <summary>An error with Toxiproxy's message and HTTP status; the API renders it as
/// <c>{"error": message, "status": code}</c>.</summary>
internal sealed class ApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public static ApiException BadRequest(string detail) => new(HttpStatusCode.BadRequest, "bad request body: " + detail);

    public static ApiException MissingField(string field) => new(HttpStatusCode.BadRequest, "missing required field: " + field);

    public static ApiException ProxyNotFound() => new(HttpStatusCode.NotFound, "proxy not found");

    public static ApiException ProxyAlreadyExists() => new(HttpStatusCode.Conflict, "proxy already exists");

    public static ApiException InvalidStream() => new(HttpStatusCode.BadRequest, "stream was invalid, can be either upstream or downstream");

    public static ApiException InvalidToxicType() => new(HttpStatusCode.BadRequest, "invalid toxic type");

    public static ApiException ToxicAlreadyExists() => new(HttpStatusCode.Conflict, "toxic already exists");

    public static ApiException ToxicNotFound() => new(HttpStatusCode.NotFound, "toxic not found");
}
