namespace KafkaChaos.Workload;

/// <summary>What <see cref="Workers.ReplayDeadLettersAsync"/> did.</summary>
/// <param name="Replayed">Messages re-sent.</param>
/// <param name="Acked">Re-sends the broker acknowledged (removed from the store).</param>
/// <param name="StillFailed">Re-sends that failed again or stayed indeterminate (kept in the store).</param>
public sealed record DeadLetterReplay(int Replayed, int Acked, int StillFailed);
