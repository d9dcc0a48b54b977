namespace KafkaChaos.Scenarios;

/// <summary>A comparison used by count conditions and version ranges.</summary>
internal enum ComparisonOperator
{
    /// <summary><c>==</c> (also a bare number or version).</summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary><c>&gt;</c></summary>
    GreaterThan,
    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,
    /// <summary><c>&lt;</c></summary>
    LessThan,
    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,
}
