using System.Globalization;

namespace KafkaChaos.Scenarios;

/// <summary>An expected ratio to another scenario's metric, e.g. <c>&lt; 0.5</c> (YAML: <c>compare: { scenario: X, throughput: "&lt; 0.5" }</c>).</summary>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The ratio compared with (&gt; 0).</param>
internal sealed record RatioCondition(ComparisonOperator Operator, double Value)
{
    /// <summary>True when <c>ratio OP value</c> holds.</summary>
    public bool Holds(double ratio) => Operator switch
    {
        ComparisonOperator.Equal => ratio == Value,
        ComparisonOperator.NotEqual => ratio != Value,
        ComparisonOperator.GreaterThan => ratio > Value,
        ComparisonOperator.GreaterOrEqual => ratio >= Value,
        ComparisonOperator.LessThan => ratio < Value,
        _ => ratio <= Value,
    };

    /// <summary>Parses <c>&lt; 0.5</c>, <c>&gt;= 2</c>; the error says what was expected.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RatioCondition? condition, out string error)
    {
        var (op, rest) = ComparisonOperators.SplitPrefix(text.Trim());
        condition = null;
        error = "";
        if (!double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0)
        {
            error = $"expected a ratio condition such as \"< 0.5\" (an operator and a positive number), found \"{text}\"";
            return false;
        }
        condition = new RatioCondition(op, value);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Operator.Symbol()} {Value.ToString("0.###", CultureInfo.InvariantCulture)}";
}
