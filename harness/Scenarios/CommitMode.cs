namespace KafkaChaos.Scenarios;

/// <summary>How a consumer commits its offsets.</summary>
internal enum CommitMode
{
    /// <summary><c>enable.auto.commit=true</c>: the client commits polled offsets on a timer.</summary>
    Auto,
    /// <summary>Synchronous commit after processing.</summary>
    ManualSync,
    /// <summary>Asynchronous commit after processing.</summary>
    ManualAsync,
}
