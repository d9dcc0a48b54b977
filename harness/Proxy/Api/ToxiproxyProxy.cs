using System.Text.Json.Nodes;

namespace KafkaChaos.Proxy.Api;

/// <summary>A proxy as the Toxiproxy API shows it. <see cref="Protocol"/> is null on a real Toxiproxy.</summary>
internal sealed record ToxiproxyProxy(string Name, string Listen, string Upstream, bool Enabled, string? Protocol, IReadOnlyList<ToxiproxyToxic> Toxics)
{
    internal static ToxiproxyProxy FromJson(JsonNode? node)
    {
        var o = node as JsonObject ?? throw new FormatException("expected a proxy object");
        return new ToxiproxyProxy(
            o["name"]?.GetValue<string>() ?? string.Empty,
            o["listen"]?.GetValue<string>() ?? string.Empty,
            o["upstream"]?.GetValue<string>() ?? string.Empty,
            o["enabled"]?.GetValue<bool>() ?? false,
            o["protocol"]?.GetValue<string>(),
            (o["toxics"] as JsonArray)?.Select(ToxiproxyToxic.FromJson).ToList() ?? []);
    }

    /// <summary>The listen port (for advertised listeners).</summary>
    public int ListenPort => Endpoints.ParseHostPort(Listen).Port;
}
