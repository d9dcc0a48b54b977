using KafkaChaos.History;

namespace KafkaChaos.Audit;

/// <summary>Acknowledgement latency from a run's ledger: the time from each send's invocation to its Ok completion.</summary>
internal static class AckLatency
{
    /// <summary>p50 and p99 in milliseconds, or nulls when nothing was acknowledged.</summary>
    public static (double? P50, double? P99) Of(RunHistory history)
    {
        var invoked = new Dictionary<MessageId, long>();
        foreach (var i in history.Invocations) invoked.TryAdd(i.Id, i.TimestampTicks);
        var latencies = new List<double>();
        foreach (var c in history.Completions)
        {
            if (c.Outcome.Kind != SendOutcomeKind.Ok || !invoked.TryGetValue(c.Id, out var start)) continue;
            latencies.Add(TimeSpan.FromTicks(c.TimestampTicks - start).TotalMilliseconds);
        }
        if (latencies.Count == 0) return (null, null);
        latencies.Sort();
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Reads the ledger of <paramref name="ledgerDirectory"/>; nulls when it is missing.</summary>
    public static async Task<(double? P50, double? P99)> OfAsync(string ledgerDirectory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(ledgerDirectory)) return (null, null);
        return Of(await RunHistory.LoadAsync(ledgerDirectory, cancellationToken).ConfigureAwait(false));
    }
}
