using System.Text.Json.Nodes;

namespace KafkaChaos.Proxy.Api;

/// <summary>A toxic as the Toxiproxy API shows it. <see cref="Uses"/> (how often it has bitten: responses
/// swallowed, fetches held, chunks dropped) is the embedded proxy's extra; null on a real Toxiproxy.</summary>
internal sealed record ToxiproxyToxic(string Name, string Type, string Stream, double Toxicity, JsonObject Attributes, long? Uses = null)
{
    internal static ToxiproxyToxic FromJson(JsonNode? node)
    {
        var o = node as JsonObject ?? throw new FormatException("expected a toxic object");
        return new ToxiproxyToxic(
            o["name"]?.GetValue<string>() ?? string.Empty,
            o["type"]?.GetValue<string>() ?? string.Empty,
            o["stream"]?.GetValue<string>() ?? "downstream",
            o["toxicity"]?.GetValue<double>() ?? 1.0,
            o["attributes"]?.DeepClone() as JsonObject ?? [],
            o["uses"]?.GetValue<long>());
    }

    /// <summary>A whole-number attribute (0 when absent).</summary>
    public long Attribute(string name) => Attributes[name]?.GetValue<long>() ?? 0;
}
