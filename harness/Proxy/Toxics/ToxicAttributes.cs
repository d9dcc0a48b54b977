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

        long value;
        try
        {
            value = node.GetValueKind() switch
            {
                JsonValueKind.Number => node.GetValue<double>() is var d && d == Math.Floor(d) && Math.Abs(d) < 9e15
                    ? (long)d
                    : throw new FormatException($"attribute {name} must be a whole number, got {node.ToJsonString()}"),
                _ => throw new FormatException($"attribute {name} must be a number, got {node.ToJsonString()}"),
            };
        }
        catch (InvalidOperationException)
        {
            throw new FormatException($"attribute {name} must be a number, got {node.ToJsonString()}");
        }

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
            if (item is null || item.GetValueKind() != JsonValueKind.Number)
            {
                throw new FormatException($"attribute {name} must be a list of numbers, got {node.ToJsonString()}");
            }

            var d = item.GetValue<double>();
            if (d != Math.Floor(d) || d < min || d > max)
            {
                throw new FormatException($"attribute {name}: {item.ToJsonString()} is not a whole number in {min}..{max}");
            }

            result.Add((long)d);
        }

        return result;
    }

    public static JsonArray ToJsonArray<T>(IEnumerable<T> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
