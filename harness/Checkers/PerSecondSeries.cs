namespace KafkaChaos.Checkers;

/// <summary>
/// Event counts per whole second from <see cref="Start"/>, for throughput and error timelines. All lists
/// have <see cref="Length"/> entries; entry i covers [Start + i s, Start + (i+1) s). At most
/// <see cref="MaxSeconds"/> buckets: later events fall in the last one.
/// </summary>
internal sealed class PerSecondSeries
{
    /// <summary>Longest series kept (one day of seconds).</summary>
    public const int MaxSeconds = 86_400;

    internal PerSecondSeries(DateTimeOffset start, long[] sends, long[] acks, long[] failures, long[] indeterminate, long[] consumed)
    {
        Start = start;
        Sends = sends;
        Acks = acks;
        Failures = failures;
        Indeterminate = indeterminate;
        Consumed = consumed;
    }

    /// <summary>An empty series (no events).</summary>
    public static PerSecondSeries Empty { get; } = new(DateTimeOffset.UnixEpoch, [], [], [], [], []);

    /// <summary>Start of the first bucket: the first event's time, truncated to the second.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Number of buckets.</summary>
    public int Length => Sends.Count;

    /// <summary>Send invocations per second.</summary>
    public IReadOnlyList<long> Sends { get; }

    /// <summary>Ok completions per second.</summary>
    public IReadOnlyList<long> Acks { get; }

    /// <summary>Fail completions per second.</summary>
    public IReadOnlyList<long> Failures { get; }

    /// <summary>Indeterminate completions per second (sends with no completion at all have no time and are not here).</summary>
    public IReadOnlyList<long> Indeterminate { get; }

    /// <summary>Consumed records per second.</summary>
    public IReadOnlyList<long> Consumed { get; }
}
