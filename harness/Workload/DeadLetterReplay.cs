namespace KafkaChaos.Workload;

/// <summary>What <see cref="Workers.ReplayDeadLettersAsync"/> did.</summary>
/// <param name="Replayed">Distinct messages re-sent.</param>
/// <param name="Acked">Messages the broker acknowledged in some round (removed from the store).</param>
/// <param name="StillFailed">Messages that failed or stayed indeterminate in the last round (kept in the store).</param>
/// <param name="Rounds">Rounds run: the first, plus one after each backoff while messages kept failing.</param>
internal sealed record DeadLetterReplay(int Replayed, int Acked, int StillFailed, int Rounds);
