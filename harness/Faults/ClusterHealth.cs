using System.Diagnostics;
using System.Text.Json;
using KafkaChaos.Cluster;

namespace KafkaChaos.Faults;

/// <summary>The state every heal aims back at, as a condition to await.</summary>
internal static class ClusterHealth
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Waits until every broker is running and registered and every partition of the context's topic has a leader
    /// and a full ISR (all its replicas). Fails at once when a broker is not running (killed, stopped or paused: heal it
    /// first); <see cref="TimeoutException"/> with the last state seen otherwise.
    /// </summary>
    public static async Task WaitHealthyAsync(FaultContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var cluster = context.Cluster;
        var clock = Stopwatch.StartNew();
        var down = cluster.Brokers.Where(b => b.State != BrokerState.Running || b.Pid is null).ToList();
        if (down.Count > 0)
            throw new InvalidOperationException($"Not every broker is running: {string.Join("; ", down)}. Heal the fault that stopped it first.");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var last = "nothing";
        try
        {
            while (true)
            {
                try
                {
                    var (healthy, seen) = await CheckAsync(context, deadline.Token);
                    last = seen;
                    if (healthy) break;
                }
                catch (Exception ex) when (ex is MetadataUnavailableException or JsonException or IOException)
                {
                    last = ex.Message;
                }
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The cluster did not become healthy within {timeout.TotalSeconds:0.#}s; last seen: {last}.");
        }
        context.Log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} cluster healthy: {last} [{clock.Elapsed.TotalSeconds:0.000} s]");
    }

    private static async Task<(bool Healthy, string Seen)> CheckAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var cluster = context.Cluster;
        var registered = await cluster.GetRegisteredBrokersAsync(cancellationToken);
        var missing = cluster.Brokers.Select(b => b.Id).Except(registered).ToList();
        if (missing.Count > 0) return (false, $"{FaultLog.Brokers(missing)} not registered");

        var partitions = new List<PartitionState>();
        for (var p = 0; ; p++)
        {
            PartitionState state;
            try
            {
                state = await cluster.GetPartitionAsync(context.Topic, p, cancellationToken);
            }
            catch (InvalidOperationException) when (p > 0)
            {
                break; // past the last partition
            }
            if (!state.HasLeader || !state.Replicas.All(state.Isr.Contains)) return (false, state.ToString());
            partitions.Add(state);
        }
        return (true, $"brokers {string.Join(", ", registered.Order())} registered; {string.Join("; ", partitions)}");
    }
}
