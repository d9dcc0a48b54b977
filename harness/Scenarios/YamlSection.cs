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
