using KafkaChaos.Checkers;

namespace KafkaChaos.Scenarios;

/// <summary>The <see cref="FindingKind"/> names in their YAML/JSON spelling (camelCase), from the enum so the two never drift.</summary>
internal static class FindingNames
{
    /// <summary>The finding that counts IDs absent from a partition the final read could not read.</summary>
    public static string Unverifiable { get; } = Of(FindingKind.Unverifiable);

    /// <summary>Every finding name, e.g. <c>ackedLost</c>, <c>truncatedAckedOffsets</c>, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<FindingKind>().Select(Of).ToList();

    /// <summary>True when <paramref name="name"/> is a finding name.</summary>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);

    /// <summary>The YAML spelling of <paramref name="kind"/>.</summary>
    public static string Of(FindingKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
