namespace KafkaChaos.Workload;

/// <summary>
/// The application-level retry of <see cref="Scenarios.SendMode.CallbackRetry"/>: a failed or indeterminate
/// delivery is re-sent with the same <see cref="History.MessageId"/>, with exponential backoff.
/// </summary>
internal static class ApplicationRetry
{
    /// <summary>Attempts per message, the first send included (5).</summary>
    public const int MaxAttempts = 5;

    /// <summary>Backoff before the first re-send (500 ms); doubles per attempt.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(500);

    /// <summary>Backoff ceiling (8 s).</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);

    /// <summary>The wait before attempt <paramref name="attempt"/> (2 = the first re-send).</summary>
    public static TimeSpan BackoffBefore(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, InitialBackoff.Ticks << Math.Clamp(attempt - 2, 0, 10)));
}
