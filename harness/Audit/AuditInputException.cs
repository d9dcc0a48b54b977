namespace KafkaChaos.Audit;

/// <summary>The audit's input is unusable; <see cref="Problems"/> lists every problem found (each names its file and key).</summary>
internal sealed class AuditInputException : Exception
{
    public AuditInputException(string problem) : this([problem]) { }

    public AuditInputException(IReadOnlyList<string> problems) : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    /// <summary>One line per problem.</summary>
    public IReadOnlyList<string> Problems { get; }
}
