using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>One concrete instance of a finding: which ID, where, and what was seen.</summary>
/// <param name="Id">The message, or null for an undecodable value.</param>
/// <param name="Partitions">Partitions involved, parallel to <paramref name="Offsets"/>.</param>
/// <param name="Offsets">Offsets involved (acknowledged, stored or processed, as the detail says).</param>
/// <param name="Detail">What was seen, in words.</param>
internal sealed record FindingExample(MessageId? Id, IReadOnlyList<int> Partitions, IReadOnlyList<long> Offsets, string Detail);
