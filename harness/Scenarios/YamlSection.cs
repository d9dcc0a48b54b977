using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace KafkaChaos.Scenarios;

/// <summary>
/// A YAML mapping checked against its allowed keys, with typed getters that record located errors instead of
/// throwing, so one load reports every problem. Getters return the default when the key is absent or invalid.
/// </summary>
internal sealed class YamlSection
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> entries = new(StringComparer.Ordinal);

    private YamlSection(YamlErrors errors, YamlNode node, string path)
    {
        Errors = errors;
        Node = node;
        Path = path;
    }

    public YamlErrors Errors { get; }
    public YamlNode Node { get; }
    public string Path { get; }

    /// <summary>Keys present, in document order.</summary>
    public IEnumerable<string> Keys => entries.Keys;

    /// <summary>Reads <paramref name="node"/> as a mapping whose keys must come from <paramref name="allowed"/>; null (error recorded) when it is not a mapping.</summary>
    public static YamlSection? Open(YamlErrors errors, YamlNode node, string path, IReadOnlyList<string> allowed, string what)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add(node, path, $"expected a mapping ({what}) with keys {string.Join(", ", allowed)}, found {YamlErrors.Describe(node)}");
            return null;
        }
        var section = new YamlSection(errors, node, path);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode key || key.Value is null)
            {
                errors.Add(keyNode, path, $"expected a plain key in {what}");
                continue;
            }
            var keyPath = Join(path, key.Value);
            if (!allowed.Contains(key.Value))
            {
                var nearest = ScenarioKeys.Nearest(key.Value, allowed);
                errors.Add(key, keyPath, nearest is null
                    ? $"unknown key '{key.Value}' in {what} (expected one of {string.Join(", ", allowed)})"
                    : $"unknown key '{key.Value}' in {what}; did you mean '{nearest}'?");
                continue;
            }
            section.entries[key.Value] = (key, value);
        }
        return section;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public bool Has(string key) => entries.ContainsKey(key);

    public YamlNode? Get(string key) => entries.TryGetValue(key, out var e) ? e.Value : null;

    public YamlScalarNode? KeyNode(string key) => entries.TryGetValue(key, out var e) ? e.Key : null;

    public string PathOf(string key) => Join(Path, key);

    /// <summary>Records a missing required key at the mapping's position.</summary>
    public void Require(string key, string what)
    {
        if (!Has(key)) Errors.Add(Node, Path, $"missing required key '{key}' ({what})");
    }

    public string? String(string key, string? defaultValue = null)
    {
        var node = Get(key);
        if (node is null) return defaultValue;
        return Errors.Scalar(node, PathOf(key), "a string") ?? defaultValue;
    }

    public bool Bool(string key, bool defaultValue)
    {
        var node = Get(key);
        if (node is null) return defaultValue;
        var text = Errors.Scalar(node, PathOf(key), "true or false");
        if (text is null) return defaultValue;
        if (text is "true" or "True" or "TRUE") return true;
        if (text is "false" or "False" or "FALSE") return false;
        Errors.Add(node, PathOf(key), $"expected true or false, found '{text}'");
        return defaultValue;
    }

    public int Int(string key, int defaultValue, int min = 0, int max = int.MaxValue)
    {
        var value = Long(key, defaultValue, min, max);
        return (int)value;
    }

    public long Long(string key, long defaultValue, long min = 0, long max = long.MaxValue)
    {
        var node = Get(key);
        return node is null ? defaultValue : Errors.Long(node, PathOf(key), defaultValue, min, max);
    }

    public T Enum<T>(string key, T defaultValue) where T : struct, Enum
    {
        var node = Get(key);
        return node is null ? defaultValue : Errors.Enum(node, PathOf(key), defaultValue);
    }

    /// <summary>A mapping of scalar to scalar (raw properties); keys are free-form.</summary>
    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var node = Get(key);
        return node is null ? Empty.Map : Errors.StringMap(node, PathOf(key));
    }

    /// <summary>The items of a sequence (error recorded, empty, when it is not one).</summary>
    public IReadOnlyList<YamlNode> Sequence(string key, string what)
    {
        var node = Get(key);
        if (node is null) return [];
        if (node is YamlSequenceNode sequence) return sequence.Children.ToList();
        Errors.Add(node, PathOf(key), $"expected a list of {what}, found {YamlErrors.Describe(node)}");
        return [];
    }

    public YamlSection? Section(string key, IReadOnlyList<string> allowed, string what)
    {
        var node = Get(key);
        return node is null ? null : Open(Errors, node, PathOf(key), allowed, what);
    }
}

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
