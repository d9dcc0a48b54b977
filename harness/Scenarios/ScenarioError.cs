namespace KafkaChaos.Scenarios;

/// <summary>One problem in a scenario file, located precisely.</summary>
/// <param name="File">The file (or the name given to the parser).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="KeyPath">Where in the document, e.g. <c>faults[1].at.afterAcks</c>; empty for the document itself.</param>
/// <param name="Message">What is wrong and what was expected.</param>
internal sealed record ScenarioError(string File, long Line, long Column, string KeyPath, string Message)
{
    /// <summary>Compiler-style: <c>file:line:column: keyPath: message</c>.</summary>
    public override string ToString() =>
        KeyPath.Length == 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: {KeyPath}: {Message}";
}
