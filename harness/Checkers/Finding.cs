namespace KafkaChaos.Checkers;

/// <summary>One class of outcome found by a check, with how many and up to <see cref="CheckOptions.MaxExamples"/> examples.</summary>
/// <param name="Kind">The class.</param>
/// <param name="IsAnomaly">False for outcomes reported for context only (failed sends that are absent, recovered sends...).</param>
/// <param name="Count">How many IDs (or positions, for <see cref="FindingKind.TruncatedAckedOffsets"/>) fall in the class.</param>
/// <param name="Description">What the class means, in one sentence.</param>
/// <param name="Examples">The first examples found.</param>
/// <param name="Summary">Aggregate detail where examples are not enough (e.g. truncated offset ranges per partition); may be null.</param>
internal sealed record Finding(FindingKind Kind, bool IsAnomaly, long Count, string Description, IReadOnlyList<FindingExample> Examples, string? Summary = null);
