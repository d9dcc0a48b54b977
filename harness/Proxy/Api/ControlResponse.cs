using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace KafkaChaos.Proxy.Api;

/// <summary>One HTTP response from the control API.</summary>
internal sealed record ControlResponse(HttpStatusCode Status, string ContentType, byte[] Body)
{
    public static ControlResponse Json(HttpStatusCode status, JsonNode node) =>
        new(status, "application/json", Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static ControlResponse NoContent() => new(HttpStatusCode.NoContent, "text/plain", []);

    public static ControlResponse Error(HttpStatusCode status, string message) =>
        Json(status, new JsonObject { ["error"] = message, ["status"] = (int)status });
}
