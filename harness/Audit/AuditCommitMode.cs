namespace KafkaChaos.Audit;

/// <summary>How the application commits consumer offsets (<c>--commit-mode</c>).</summary>
internal enum AuditCommitMode
{
    /// <summary><c>enable.auto.commit=true</c>: the client commits polled offsets on a timer.</summary>
    Auto,
    /// <summary>A synchronous commit after each processed message.</summary>
    AfterProcessing,
    /// <summary>A commit before processing (at-most-once).</summary>
    BeforeProcessing,
}
