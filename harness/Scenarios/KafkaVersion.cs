using System.Globalization;

namespace KafkaChaos.Scenarios;

/// <summary>
/// A Kafka release number such as <c>0.9.0.1</c>, <c>3.7.0</c> or <c>4.0</c>: one to four numeric parts,
/// compared part by part with missing parts read as zero (so <c>3.0</c> equals <c>3.0.0</c>).
/// </summary>
internal sealed record KafkaVersion : IComparable<KafkaVersion>
{
    private readonly int[] parts;

    private KafkaVersion(int[] parts) => this.parts = parts;

    /// <summary>The numeric parts as written (1 to 4 of them).</summary>
    public IReadOnlyList<int> Parts => parts;

    /// <summary>Major part (the <c>0</c> of <c>0.9.0.1</c>).</summary>
    public int Major => parts[0];

    /// <summary>Minor part, 0 when absent.</summary>
    public int Minor => parts.Length > 1 ? parts[1] : 0;

    /// <summary>Parses a version; throws <see cref="FormatException"/> when it is not one.</summary>
    public static KafkaVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a Kafka version (expected e.g. 0.9.0.1, 3.7.0, 4.0)");

    /// <summary>Parses a version such as <c>3.7.0</c>; a suffix after '-' (e.g. <c>-SNAPSHOT</c>) is ignored.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KafkaVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var core = text.Trim();
        if (core.StartsWith('v') || core.StartsWith('V')) core = core[1..];
        var dash = core.IndexOf('-');
        if (dash > 0) core = core[..dash];
        var pieces = core.Split('.');
        if (pieces.Length is < 1 or > 4) return false;
        var numbers = new int[pieces.Length];
        for (var i = 0; i < pieces.Length; i++)
        {
            if (pieces[i].Length == 0 || !pieces[i].All(char.IsAsciiDigit)) return false;
            if (!int.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return false;
        }
        version = new KafkaVersion(numbers);
        return true;
    }

    /// <inheritdoc/>
    public int CompareTo(KafkaVersion? other)
    {
        if (other is null) return 1;
        var length = Math.Max(parts.Length, other.parts.Length);
        for (var i = 0; i < length; i++)
        {
            var mine = i < parts.Length ? parts[i] : 0;
            var theirs = i < other.parts.Length ? other.parts[i] : 0;
            if (mine != theirs) return mine.CompareTo(theirs);
        }
        return 0;
    }

    /// <summary>Equal when every part is equal, missing parts read as zero.</summary>
    public bool Equals(KafkaVersion? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var significant = parts.Length;
        while (significant > 1 && parts[significant - 1] == 0) significant--;
        var hash = new HashCode();
        for (var i = 0; i < significant; i++) hash.Add(parts[i]);
        return hash.ToHashCode();
    }

    public static bool operator <(KafkaVersion left, KafkaVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(KafkaVersion left, KafkaVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(KafkaVersion left, KafkaVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(KafkaVersion left, KafkaVersion right) => left.CompareTo(right) >= 0;

    /// <inheritdoc/>
    public override string ToString() => string.Join('.', parts);
}
