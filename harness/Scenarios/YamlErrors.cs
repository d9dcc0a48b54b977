using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace KafkaChaos.Scenarios;

/// <summary>Located error collection and scalar conversions shared by <see cref="YamlSection"/> and the loader.</summary>
internal sealed class YamlErrors(string file)
{
    private readonly List<ScenarioError> errors = [];

    public string File { get; } = file;

    public IReadOnlyList<ScenarioError> All => errors;

    public void Add(YamlNode node, string path, string message) =>
        errors.Add(new ScenarioError(File, node.Start.Line, node.Start.Column, path, message));

    public void Add(long line, long column, string path, string message) =>
        errors.Add(new ScenarioError(File, line, column, path, message));

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Value: null or "" } => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => node.NodeType.ToString(),
    };

    public string? Scalar(YamlNode node, string path, string expected)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } value }) return value;
        Add(node, path, $"expected {expected}, found {Describe(node)}");
        return null;
    }

    public long Long(YamlNode node, string path, long defaultValue, long min, long max)
    {
        var range = max == long.MaxValue ? $"an integer ≥ {min}" : $"an integer from {min} to {max}";
        var text = Scalar(node, path, range);
        if (text is null) return defaultValue;
        if (!long.TryParse(text.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Add(node, path, $"expected {range}, found '{text}'");
            return defaultValue;
        }
        if (value < min || value > max)
        {
            Add(node, path, $"expected {range}, found {value}");
            return defaultValue;
        }
        return value;
    }

    public T Enum<T>(YamlNode node, string path, T defaultValue) where T : struct, Enum
    {
        var allowed = ScenarioKeys.EnumTexts<T>();
        var text = Scalar(node, path, $"one of {string.Join(" | ", allowed)}");
        if (text is null) return defaultValue;
        foreach (var value in System.Enum.GetValues<T>())
        {
            if (ScenarioKeys.EnumText(value) == text) return value;
        }
        var nearest = ScenarioKeys.Nearest(text, allowed);
        Add(node, path, $"unknown value '{text}' (expected one of {string.Join(" | ", allowed)}){(nearest is null ? "" : $"; did you mean '{nearest}'?")}");
        return defaultValue;
    }

    public IReadOnlyDictionary<string, string> StringMap(YamlNode node, string path)
    {
        if (node is not YamlMappingNode map)
        {
            Add(node, path, $"expected a mapping of names to values, found {Describe(node)}");
            return Empty.Map;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = Scalar(keyNode, path, "a property name");
            if (key is null) continue;
            var value = valueNode is YamlScalarNode s && s.Value is not null ? s.Value : null;
            if (value is null)
            {
                Add(valueNode, YamlSection.Join(path, key), $"expected a scalar value, found {Describe(valueNode)}");
                continue;
            }
            result[key] = value;
        }
        return result;
    }
}
