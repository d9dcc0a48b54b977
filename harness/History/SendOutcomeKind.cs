namespace KafkaChaos.History;

/// <summary>The three completions of a send, as in Jepsen: never call a timeout a failure.</summary>
internal enum SendOutcomeKind : byte
{
    /// <summary>The broker acknowledged the write (it happened).</summary>
    Ok = 1,
    /// <summary>The write certainly did not happen (a definite, non-retriable error).</summary>
    Fail = 2,
    /// <summary>Unknown: timeouts, lost connections, crashes. The message may or may not be in the log.</summary>
    Indeterminate = 3,
}
