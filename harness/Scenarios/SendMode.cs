namespace KafkaChaos.Scenarios;

/// <summary>How the application sends and what it does with the result.</summary>
internal enum SendMode
{
    /// <summary>Produce without looking at the result: the app counts every call as sent.</summary>
    FireAndForget,
    /// <summary>Await each send before the next (synchronous send).</summary>
    AwaitEach,
    /// <summary>Asynchronous send with a delivery callback that records the outcome.</summary>
    Callback,
    /// <summary>Delivery callback that re-sends failed messages (application-level retry).</summary>
    CallbackRetry,
    /// <summary>Delivery callback that records non-retriable failures to a dead-letter store, replayed after the fault.</summary>
    DeadLetter,
}
