using System.Reflection;
using KafkaChaos.Checkers;

namespace KafkaChaos.Scenarios;

/// <summary>The <see cref="CheckCounts"/> property names in their YAML/JSON spelling (camelCase), read by reflection so the two never drift.</summary>
internal static class CountNames
{
    private static readonly Dictionary<string, PropertyInfo> Properties = typeof(CheckCounts)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType == typeof(long))
        .ToDictionary(p => ToCamel(p.Name), StringComparer.Ordinal);

    /// <summary>Every count name, e.g. <c>sent</c>, <c>ackedLost</c>, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(CheckCounts)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType == typeof(long))
        .OrderBy(p => p.MetadataToken)
        .Select(p => ToCamel(p.Name))
        .ToList();

    /// <summary>True when <paramref name="name"/> is a count name.</summary>
    public static bool IsKnown(string name) => Properties.ContainsKey(name);

    /// <summary>The value of the named count.</summary>
    public static long Get(CheckCounts counts, string name) =>
        Properties.TryGetValue(name, out var property)
            ? (long)property.GetValue(counts)!
            : throw new ArgumentException($"'{name}' is not a count (expected one of {string.Join(", ", All)})", nameof(name));

    private static string ToCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
