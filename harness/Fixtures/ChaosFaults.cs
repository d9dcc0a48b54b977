using Confluent.Kafka;
using KafkaChaos.Faults;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Fixtures;

/// <summary>
/// The faults of a <see cref="ChaosCluster"/>, as awaitable inject/heal pairs: each method returns once the fault is in
/// effect (as stated per method) with a <see cref="ChaosFault"/> that heals it when disposed. These are the harness's own
/// faults (the same ones the YAML scenarios use). An injection that fails throws, after undoing what it did.
/// </summary>
/// <example><code>
/// await using (await cluster.Faults.StallFollowersAsync("orders"))
/// {
///     // acks=1 writes reach only the leader now
/// }
/// </code></example>
public sealed class ChaosFaults
{
    private readonly ChaosCluster _cluster;

    internal ChaosFaults(ChaosCluster cluster) => _cluster = cluster;

    /// <summary>Holds the replica fetches of the partition's followers at its leader's proxy, so they copy nothing while
    /// clients are unaffected. In effect once each follower has a fetch held. Heal: the fetches go on and the followers catch up.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition whose leader (at injection time) holds its followers. Default 0.</param>
    /// <param name="cancellationToken">Cancels the injection.</param>
    public Task<ChaosFault> StallFollowersAsync(string topic, int partition = 0, CancellationToken cancellationToken = default) =>
        InjectAsync(FaultKind.StallReplicaFetch, "stall-followers", topic, new FaultTarget(Partition: partition), null, cancellationToken);

    /// <summary>kill -9 the partition's leader (at injection time). In effect once the process is gone; electing a new
    /// leader is the cluster's business. Heal: the broker is started again and registered.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition whose leader is killed. Default 0.</param>
    /// <param name="cancellationToken">Cancels the injection.</param>
    public Task<ChaosFault> KillLeaderAsync(string topic, int partition = 0, CancellationToken cancellationToken = default) =>
        InjectAsync(FaultKind.LeaderKill, "kill-leader", topic, new FaultTarget(Partition: partition), null, cancellationToken);

    /// <summary>kill -9 broker <paramref name="brokerId"/>. Heal: it is started again and registered.</summary>
    /// <param name="brokerId">The broker, one of <see cref="ChaosCluster.BrokerIds"/>.</param>
    /// <param name="cancellationToken">Cancels the injection.</param>
    public Task<ChaosFault> KillBrokerAsync(int brokerId, CancellationToken cancellationToken = default) =>
        InjectAsync(FaultKind.BrokerKill, $"kill-broker-{brokerId}", "", new FaultTarget(TargetKind.Broker, brokerId), null, cancellationToken);

    /// <summary>The next <paramref name="requests"/> Produce requests to the partition's leader are appended, their
    /// responses swallowed and the connection cut, so a retrying producer writes them again. In effect once the toxic is
    /// in place. Heal: the toxic is removed.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition whose leader (at injection time) is cut. Default 0.</param>
    /// <param name="requests">How many Produce requests it bites. Default 1.</param>
    /// <param name="cancellationToken">Cancels the injection.</param>
    public Task<ChaosFault> CutAfterAppendAsync(string topic, int partition = 0, int requests = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        return InjectAsync(FaultKind.NetworkCutAfterAppend, "cut-after-append", topic, new FaultTarget(Partition: partition),
            new Dictionary<string, string> { ["count"] = requests.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
    }

    /// <summary>Cuts broker <paramref name="brokerId"/> off clients, the other brokers and ZooKeeper, as a network
    /// partition would. In effect once every toxic is in place. Heal: the toxics are removed and cut connections reset.</summary>
    /// <param name="brokerId">The broker, one of <see cref="ChaosCluster.BrokerIds"/>.</param>
    /// <param name="cancellationToken">Cancels the injection.</param>
    public Task<ChaosFault> IsolateBrokerAsync(int brokerId, CancellationToken cancellationToken = default) =>
        InjectAsync(FaultKind.IsolateBroker, $"isolate-broker-{brokerId}", "", new FaultTarget(TargetKind.Broker, brokerId), null, cancellationToken);

    /// <summary>SIGSTOP broker <paramref name="brokerId"/> (a long GC pause or a frozen VM). Heal: SIGCONT.</summary>
    /// <param name="brokerId">The broker, one of <see cref="ChaosCluster.BrokerIds"/>.</param>
    /// <param name="cancellationToken">Cancels the injection.</param>
    public Task<ChaosFault> PauseBrokerAsync(int brokerId, CancellationToken cancellationToken = default) =>
        InjectAsync(FaultKind.BrokerPause, $"pause-broker-{brokerId}", "", new FaultTarget(TargetKind.Broker, brokerId), null, cancellationToken);

    /// <summary>
    /// Crashes your consumer as a killed process would look to Kafka: it is destroyed without committing, without closing
    /// and without leaving its group (Confluent.Kafka's <c>Dispose</c> without <c>Close</c>), so what it processed after
    /// its last commit is delivered again to the next member after the session timeout. Do not use
    /// <paramref name="consumer"/> afterwards; its consume loop must have returned (or not be running).
    /// </summary>
    /// <param name="consumer">Your consumer.</param>
    public void CrashConsumer<TKey, TValue>(IConsumer<TKey, TValue> consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        _cluster.Log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} fault consumerCrash: destroyed consumer {consumer.Name} without commit, close or leave-group");
        consumer.Dispose();
    }

    private async Task<ChaosFault> InjectAsync(FaultKind kind, string name, string topic, FaultTarget target,
        IReadOnlyDictionary<string, string>? parameters, CancellationToken cancellationToken)
    {
        var spec = new FaultSpec { Name = name, Fault = kind, Target = target, Params = parameters ?? new Dictionary<string, string>() };
        var fault = Nemesis.Create(spec);
        var context = new FaultContext(_cluster.Inner, topic, _cluster.Log);
        try
        {
            await fault.InjectAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await fault.HealAsync(context, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return new ChaosFault(fault, context);
    }
}
