using System.Globalization;

namespace KafkaChaos.Scenarios;

/// <summary>
/// One comparison against an observed number: <c>== 100</c>, <c>&gt; 0</c>, <c>&lt;= 5</c>, or a bare number (equality).
/// </summary>
public sealed record Condition(ComparisonOperator Operator, long Value)
{
    /// <summary>True when the observed number satisfies the condition.</summary>
    public bool IsSatisfiedBy(long observed) => Operator.Holds(observed, Value);

    /// <summary>Parses a condition, or explains what was expected.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Condition? condition, out string error)
    {
        condition = null;
        error = "";
        var (op, rest) = ComparisonOperators.SplitPrefix((text ?? "").Trim());
        if (rest.Length == 0 || !long.TryParse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            error = $"'{text}' is not a condition (expected an operator ==, !=, >, >=, <, <= and a non-negative integer, e.g. \"== 0\", \"> 0\", or a bare number)";
            return false;
        }
        condition = new Condition(op, value);
        return true;
    }

    /// <summary>Parses a condition; throws <see cref="FormatException"/> when it is not one.</summary>
    public static Condition Parse(string text) =>
        TryParse(text, out var condition, out var error) ? condition : throw new FormatException(error);

    /// <summary>Canonical text, e.g. <c>== 100</c>.</summary>
    public override string ToString() => $"{Operator.Symbol()} {Value.ToString(CultureInfo.InvariantCulture)}";
}
