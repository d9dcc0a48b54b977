namespace KafkaChaos.Reports;

/// <summary>A partition leader change observed during the run.</summary>
/// <param name="AtMs">When, in ms since the run's start.</param>
/// <param name="Partition">The partition.</param>
/// <param name="OldLeader">Previous leader broker id; null when there was none.</param>
/// <param name="NewLeader">New leader broker id; null when the partition is now offline.</param>
internal sealed record LeaderChange(long AtMs, int Partition, int? OldLeader, int? NewLeader);
