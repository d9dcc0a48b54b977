namespace KafkaChaos.Scenarios;

/// <summary>
/// The protocol moment that starts a fault (or heals it). Counting triggers are barriers: the workload holds its
/// (N+1)th operation of that kind until the fault has been injected, so exactly N happen before it, every run.
/// Counts start when the fault window opens (warm-up traffic is not counted).
/// </summary>
internal enum TriggerKind
{
    /// <summary>When the fault window opens, before the first send.</summary>
    AtStart,
    /// <summary>After N acknowledgements (Ok completions) counted from the fault window's start.</summary>
    AfterAcks,
    /// <summary>After N send invocations.</summary>
    AfterSends,
    /// <summary>After N records polled by the targeted consumer (or all consumers).</summary>
    AfterPolls,
    /// <summary>After N records processed.</summary>
    AfterProcessed,
    /// <summary>After N offset commits.</summary>
    AfterCommits,
    /// <summary>When the partition's ISR has shrunk to K replicas.</summary>
    WhenIsrShrinksTo,
    /// <summary>When the consumer's committed offset is K or more records ahead of what it has processed (auto commit ran before processing).</summary>
    WhenCommitAheadOfProcessing,
    /// <summary>When the consumer has processed K or more records beyond its committed offset (processing ran before the commit).</summary>
    WhenProcessingAheadOfCommit,
    /// <summary>N milliseconds after the fault window opens (for injection) or after injection (for healing).</summary>
    AfterMs,
    /// <summary>When the named fault has been healed (YAML <c>afterFault: name</c>).</summary>
    AfterFault,
    /// <summary>When the named fault has been injected (YAML <c>afterInjected: name</c>).</summary>
    AfterInjected,
    /// <summary>Heal only: when the heal phase starts (the default).</summary>
    AtHealPhase,
    /// <summary>Heal only: never heal during the run (the final cleanup still restores the cluster).</summary>
    Never,
}
