namespace KafkaChaos.Fixtures;

/// <summary>One class of outcome a check found, with up to ten examples.</summary>
/// <param name="Kind">The class, e.g. <c>AckedLost</c>, <c>DuplicateInLog</c>, <c>DuplicateProcessing</c>.</param>
/// <param name="IsAnomaly">Whether it contradicts a delivery guarantee (loss, duplicates, reordering, unexpected records).</param>
/// <param name="Count">How many ids fall in the class.</param>
/// <param name="Description">What the class means, in one sentence.</param>
/// <param name="Examples">Example message ids (<c>producer:sequence</c>) with where they were and what happened.</param>
public sealed record LedgerFinding(string Kind, bool IsAnomaly, long Count, string Description, IReadOnlyList<string> Examples);
