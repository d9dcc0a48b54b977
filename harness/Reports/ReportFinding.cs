namespace KafkaChaos.Reports;

/// <summary>One class of anomaly the checker found, with examples (the checker's own types are mapped to this).</summary>
/// <param name="Kind">camelCase kind, e.g. <c>ackedLost</c>, <c>duplicateInLog</c>, <c>logTruncated</c>.</param>
/// <param name="Count">How many IDs or offsets.</param>
/// <param name="Examples">Up to <see cref="MaxExamples"/> examples: IDs (<c>p0-123</c>), offsets (<c>p0@1042</c>), or short details.</param>
/// <param name="Detail">Optional one-line explanation.</param>
internal sealed record ReportFinding(string Kind, long Count, IReadOnlyList<string> Examples, string? Detail = null)
{
    /// <summary>The most examples a report keeps per finding.</summary>
    public const int MaxExamples = 10;

    /// <summary>A finding with its examples cut to <see cref="MaxExamples"/>.</summary>
    public static ReportFinding Create(string kind, long count, IEnumerable<string> examples, string? detail = null) =>
        new(kind, count, examples.Take(MaxExamples).ToList(), detail);
}
