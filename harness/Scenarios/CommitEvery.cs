namespace KafkaChaos.Scenarios;

/// <summary>How often a manually committing consumer commits.</summary>
internal enum CommitEvery
{
    /// <summary>After each processed message.</summary>
    Message,
    /// <summary>After each polled batch.</summary>
    Batch,
}
