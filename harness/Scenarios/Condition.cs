using System.Globalization;
using KafkaChaos.Checkers;

namespace KafkaChaos.Scenarios;

/// <summary>
/// One comparison against an observed number: <c>== 100</c>, <c>&gt; 0</c>, <c>&lt;= 5</c>, a bare number (equality),
/// or a comparison with another count of the same run: <c>== sent</c>, <c>&lt; acked</c>.
/// </summary>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The number to compare with (0 when <paramref name="Reference"/> is set).</param>
/// <param name="Reference">A <see cref="CheckCounts"/> name (camelCase) whose observed value is compared with instead; null for a number.</param>
internal sealed record Condition(ComparisonOperator Operator, long Value, string? Reference = null)
{
    /// <summary>The number to compare with: <see cref="Value"/>, or the referenced count's value.</summary>
    public long Target(CheckCounts counts) => Reference is null ? Value : CountNames.Get(counts, Reference);

    /// <summary>True when the observed number satisfies the condition (references resolved from <paramref name="counts"/>).</summary>
    public bool IsSatisfiedBy(long observed, CheckCounts? counts = null) =>
        Operator.Holds(observed, Reference is null ? Value : Target(counts ?? throw new ArgumentNullException(nameof(counts), $"'{this}' refers to a count")));

    /// <summary>Parses a condition, or explains what was expected. A reference must be a known count name.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Condition? condition, out string error)
    {
        condition = null;
        error = "";
        var (op, rest) = ComparisonOperators.SplitPrefix((text ?? "").Trim());
        if (CountNames.IsKnown(rest))
        {
            condition = new Condition(op, 0, rest);
            return true;
        }
        if (rest.Length == 0 || !long.TryParse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            error = $"'{text}' is not a condition (expected an operator ==, !=, >, >=, <, <= and a non-negative integer or a count name, e.g. \"== 0\", \"> 0\", \"== sent\", or a bare number)";
            return false;
        }
        condition = new Condition(op, value);
        return true;
    }

    /// <summary>Parses a condition; throws <see cref="FormatException"/> when it is not one.</summary>
    public static Condition Parse(string text) =>
        TryParse(text, out var condition, out var error) ? condition : throw new FormatException(error);

    /// <summary>Canonical text, e.g. <c>== 100</c> or <c>== sent</c>.</summary>
    public override string ToString() => $"{Operator.Symbol()} {Reference ?? Value.ToString(CultureInfo.InvariantCulture)}";
}
