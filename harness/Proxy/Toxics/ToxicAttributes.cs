using System.Text.Json;
using System.Text.Json.Nodes;

namespace KafkaChaos.Proxy.Toxics;

/// <summary>Reads toxic attributes from Toxiproxy's JSON with precise errors (surfaced as HTTP 400).</summary>
internal static class ToxicAttributes
{
    public static long Long(JsonObject attributes, string name, long defaultValue = 0, long min = 0)
    {
        if (!attributes.TryGetPropertyValue(name, out var node) || node is null)
        {
            return defaultValue;
        }

        var value = WholeNumber(node, name);
        if (value < min)
        {
            throw new FormatException($"attribute {name} must be at least {min}, got {value}");
        }

        return value;
    }

    public static IReadOnlyList<long> LongList(JsonObject attributes, string name, long min, long max)
    {
        if (!attributes.TryGetPropertyValue(name, out var node) || node is null)
        {
            return [];
        }

        var items = node is JsonArray array ? array.ToList() : [node];
        var result = new List<long>(items.Count);
        foreach (var item in items)
        {
            var value = item is null ? throw new FormatException($"attribute {name} must be a list of numbers") : WholeNumber(item, name);
            if (value < min || value > max)
            {
                throw new FormatException($"attribute {name}: {value} is not in {min}..{max}");
            }

            result.Add(value);
        }

        return result;
    }

    /// <summary>Accepts parsed JSON and nodes built in memory alike (their CLR types differ), and 5.0 as 5.</summary>
    private static long WholeNumber(JsonNode node, string name)
    {
        var element = JsonSerializer.SerializeToElement(node);
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (element.TryGetInt64(out var whole))
            {
                return whole;
            }

            var d = element.GetDouble();
            if (d == Math.Floor(d) && Math.Abs(d) < 9e15)
            {
                return (long)d;
            }
        }

        throw new FormatException($"attribute {name} must be a whole number, got {node.ToJsonString()}");
    }

    public static JsonArray ToJsonArray<T>(IEnumerable<T> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
