namespace KafkaChaos.Scenarios;

/// <summary>Parsing and evaluation of <see cref="ComparisonOperator"/>.</summary>
internal static class ComparisonOperators
{
    /// <summary>True when <c>observed OP expected</c> holds.</summary>
    public static bool Holds(this ComparisonOperator op, long observed, long expected) => op switch
    {
        ComparisonOperator.Equal => observed == expected,
        ComparisonOperator.NotEqual => observed != expected,
        ComparisonOperator.GreaterThan => observed > expected,
        ComparisonOperator.GreaterOrEqual => observed >= expected,
        ComparisonOperator.LessThan => observed < expected,
        ComparisonOperator.LessOrEqual => observed <= expected,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>The operator's symbol: <c>==</c>, <c>!=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>.</summary>
    public static string Symbol(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "==",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessOrEqual => "<=",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>Splits a leading operator off <paramref name="token"/>; no operator means <see cref="ComparisonOperator.Equal"/>.</summary>
    public static (ComparisonOperator Operator, string Remainder) SplitPrefix(string token)
    {
        foreach (var (symbol, op) in Prefixes)
        {
            if (token.StartsWith(symbol, StringComparison.Ordinal)) return (op, token[symbol.Length..].Trim());
        }
        return (ComparisonOperator.Equal, token.Trim());
    }

    // Two-character symbols first so ">=" is not read as ">" followed by "=1".
    private static readonly (string, ComparisonOperator)[] Prefixes =
    [
        (">=", ComparisonOperator.GreaterOrEqual), ("<=", ComparisonOperator.LessOrEqual),
        ("==", ComparisonOperator.Equal), ("!=", ComparisonOperator.NotEqual),
        (">", ComparisonOperator.GreaterThan), ("<", ComparisonOperator.LessThan), ("=", ComparisonOperator.Equal),
    ];
}
