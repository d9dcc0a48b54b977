namespace KafkaChaos.Scenarios;

/// <summary>
/// A set of Kafka versions written as space-separated comparators that must all hold:
/// <c>&gt;=0.11</c>, <c>&lt;0.11</c>, <c>&gt;=0.9 &lt;3.0</c>, <c>==3.7.0</c>, a bare version (equality), or <c>*</c> (any).
/// </summary>
internal sealed record KafkaVersionRange
{
    private KafkaVersionRange(string text, IReadOnlyList<(ComparisonOperator Operator, KafkaVersion Version)> bounds)
    {
        Text = text;
        Bounds = bounds;
    }

    /// <summary>Every version.</summary>
    public static KafkaVersionRange Any { get; } = new("*", []);

    /// <summary>The range as written.</summary>
    public string Text { get; }

    /// <summary>The comparators, all of which must hold.</summary>
    public IReadOnlyList<(ComparisonOperator Operator, KafkaVersion Version)> Bounds { get; }

    /// <summary>True when <paramref name="version"/> satisfies every comparator.</summary>
    public bool Contains(KafkaVersion version) =>
        Bounds.All(b => b.Operator.Holds(version.CompareTo(b.Version), 0));

    /// <summary>Parses a range; throws <see cref="FormatException"/> with what was expected.</summary>
    public static KafkaVersionRange Parse(string text) =>
        TryParse(text, out var range, out var error) ? range : throw new FormatException(error);

    /// <summary>Parses a range, or explains why it is not one.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KafkaVersionRange? range, out string error)
    {
        range = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "an empty version range (expected e.g. \">=0.11\", \"<0.11\", \">=0.9 <3.0\")";
            return false;
        }
        var trimmed = text.Trim();
        if (trimmed == "*")
        {
            range = Any;
            return true;
        }
        var bounds = new List<(ComparisonOperator, KafkaVersion)>();
        var tokens = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        // ">= 0.9" is read like ">=0.9": an operator alone joins the version after it.
        for (var i = tokens.Count - 2; i >= 0; i--)
        {
            if (tokens[i].All(c => c is '<' or '>' or '=' or '!'))
            {
                tokens[i] += tokens[i + 1];
                tokens.RemoveAt(i + 1);
            }
        }
        foreach (var token in tokens)
        {
            var (op, rest) = ComparisonOperators.SplitPrefix(token);
            if (!KafkaVersion.TryParse(rest, out var version))
            {
                error = $"'{token}' in version range '{trimmed}' is not a comparator and version (expected e.g. \">=0.11\", \"<3.0\", \"0.9.0.1\")";
                return false;
            }
            bounds.Add((op, version));
        }
        range = new KafkaVersionRange(trimmed, bounds);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(KafkaVersionRange? other) => other is not null && Text == other.Text;

    /// <inheritdoc/>
    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Text;
}
