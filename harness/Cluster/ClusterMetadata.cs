using System.Net.Sockets;
using System.Text.Json;

namespace KafkaChaos.Cluster;

/// <summary>
/// The cluster's answers to "who leads, who is in sync, who is registered": from ZooKeeper in ZooKeeper mode (the
/// truth, written by the leader and the controller at once), else from the metadata of a running broker, asked on
/// its own port (never through the fault proxy, never a paused one). Backend-neutral: nodes listen on loopback.
/// </summary>
internal sealed class ClusterMetadata(IReadOnlyList<BrokerNode> brokers, Version kafkaVersion, int zooKeeperPort, FailoverTuning tuning) : IDisposable
{
    private readonly bool kraft = KafkaChaos.Provisioning.KafkaVersionInfo.UsesKRaft(kafkaVersion);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(2);
    private ZooKeeperReader? _zooKeeperReader;

    public async Task<PartitionState> GetPartitionAsync(string topic, int partition, CancellationToken cancellationToken)
    {
        if (!kraft)
        {
            return await ReadZooKeeperAsync(zk => zk.GetPartitionAsync(topic, partition, cancellationToken), cancellationToken)
                ?? throw new InvalidOperationException($"Partition {partition} of {topic} has no state in ZooKeeper (yet).");
        }
        var metadata = await QueryMetadataAsync([topic], cancellationToken);
        return metadata.Partitions.SingleOrDefault(p => p.Topic == topic && p.Partition == partition)
            ?? throw new InvalidOperationException($"Partition {partition} of {topic} is not in the metadata (topic error {metadata.TopicErrors.GetValueOrDefault(topic)}).");
    }

    public async Task<IReadOnlyList<int>> GetRegisteredBrokersAsync(CancellationToken cancellationToken) =>
        (await QueryMetadataAsync([], cancellationToken)).Brokers;

    public async Task<PartitionState> WaitForPartitionAsync(string topic, int partition, Func<PartitionState, bool> condition,
        string description, TimeSpan timeout, CancellationToken cancellationToken)
    {
        PartitionState? last = null;
        Exception? lastError = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                try
                {
                    last = await GetPartitionAsync(topic, partition, deadline.Token);
                    if (condition(last)) return last;
                }
                catch (Exception ex) when (ex is MetadataUnavailableException or InvalidOperationException or JsonException)
                {
                    lastError = ex;
                }
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#}s waiting for {description}; last seen: {last?.ToString() ?? lastError?.Message ?? "nothing"}.");
        }
    }

    /// <summary>ZooKeeper mode: the controller's broker id, or null while there is none. Null in KRaft mode, whose quorum elects its own.</summary>
    public async Task<int?> GetControllerAsync(CancellationToken cancellationToken)
    {
        if (kraft) return null;
        var controller = await ReadZooKeeperAsync(zk => zk.GetDataAsync("/controller", cancellationToken), cancellationToken);
        if (controller is null) return null;
        using var json = JsonDocument.Parse(controller);
        return json.RootElement.GetProperty("brokerid").GetInt32();
    }

    /// <summary>Who is registered and, in ZooKeeper mode, who is the controller: for the message of a wait that timed out.</summary>
    public async Task<string> DescribeControlAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (kraft) return $"registered brokers [{string.Join(',', await GetRegisteredBrokersAsync(cancellationToken))}]";
            var registered = await ReadZooKeeperAsync(zk => zk.GetRegisteredBrokersAsync(cancellationToken), cancellationToken);
            var controller = await GetControllerAsync(cancellationToken);
            return $"registered in ZooKeeper: brokers [{string.Join(',', registered)}], controller {controller?.ToString() ?? "none"}";
        }
        catch (Exception ex) when (ex is MetadataUnavailableException or JsonException or KeyNotFoundException)
        {
            return $"registered brokers unknown: {ex.Message}";
        }
    }

    /// <summary>Waits until every broker in <paramref name="ids"/> is registered; <paramref name="throwIfExited"/> fails fast on a dead node.</summary>
    public async Task WaitForBrokersRegisteredAsync(IEnumerable<int> ids, Action<IReadOnlyCollection<int>> throwIfExited, CancellationToken cancellationToken)
    {
        var wanted = ids.ToHashSet();
        while (true)
        {
            throwIfExited(wanted);
            try
            {
                if (wanted.IsSubsetOf(await GetRegisteredBrokersAsync(cancellationToken))) return;
            }
            catch (MetadataUnavailableException)
            {
                // not yet
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Waits until every broker in <paramref name="ids"/>, unreachable since <paramref name="unreachableSince"/>, is
    /// registered again. A registration seen too early may still be the old session's, about to expire: ZooKeeper
    /// expires a silent session within its timeout plus a tick (KRaft: the controller fences a broker whose heartbeats
    /// stop for its session timeout), so the wait starts once that has passed. Then it allows five session timeouts:
    /// one to notice the expiry, one new session, one registration, and slack.
    /// </summary>
    public async Task WaitForRejoinAsync(IReadOnlyCollection<int> ids, DateTime unreachableSince, Action<IReadOnlyCollection<int>> throwIfExited,
        CancellationToken cancellationToken)
    {
        var session = TimeSpan.FromMilliseconds(kraft ? tuning.KRaftBrokerSessionTimeoutMs : tuning.ZooKeeperSessionTimeoutMs);
        var settled = unreachableSince + session + 2 * TimeSpan.FromMilliseconds(kraft ? tuning.KRaftBrokerHeartbeatIntervalMs : tuning.ZooKeeperTickMs);
        if (settled > DateTime.UtcNow) await Task.Delay(settled - DateTime.UtcNow, cancellationToken);
        var timeout = 5 * session;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await WaitForBrokersRegisteredAsync(ids, throwIfExited, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var registered = await DescribeControlAsync(cancellationToken);
            throw new BrokerRejoinException(
                $"{(ids.Count == 1 ? "Broker" : "Brokers")} {string.Join(", ", ids)} did not register again within {timeout.TotalSeconds:0.#}s after the fault ended ({registered}); "
                + "the cluster counts an unregistered broker as dead, so it takes no new partition and no leadership.\n"
                + string.Join('\n', brokers.Where(b => ids.Contains(b.Id)).Select(BrokerLogDiagnosis.Rejoin)));
        }
    }

    /// <summary>
    /// ZooKeeper mode: waits until broker <paramref name="id"/>'s registration is gone. A broker killed with kill -9
    /// keeps its ephemeral /brokers/ids node until its session expires, and a restart before then dies with "A broker
    /// is already registered". Returns at once in KRaft mode, where the controller fences a restarted broker itself.
    /// </summary>
    public async Task WaitForBrokerDeregisteredAsync(int id, CancellationToken cancellationToken)
    {
        if (kraft) return;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMilliseconds(tuning.ZooKeeperSessionTimeoutMs * 3));
        try
        {
            while (true)
            {
                try
                {
                    var registered = await ReadZooKeeperAsync(zk => zk.GetRegisteredBrokersAsync(deadline.Token), deadline.Token);
                    if (!registered.Contains(id)) return;
                }
                catch (MetadataUnavailableException)
                {
                    // ZooKeeper did not answer this time; ask again
                }
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Broker {id} was still registered in ZooKeeper {tuning.ZooKeeperSessionTimeoutMs * 3} ms after it stopped (session timeout {tuning.ZooKeeperSessionTimeoutMs} ms).");
        }
    }

    /// <summary>
    /// Waits until every running broker's own metadata lists <paramref name="partitions"/> partitions of
    /// <paramref name="topic"/>, each with a leader. ZooKeeper is the truth, but each broker learns of a new topic from
    /// the controller later; a client that asks a broker which has not yet heard of the topic gets an assignment
    /// without it, and librdkafka asks again only after <c>topic.metadata.refresh.interval.ms</c> (five minutes).
    /// </summary>
    public async Task WaitForTopicEverywhereAsync(string topic, int partitions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var lagging = new Dictionary<int, string>();
        try
        {
            foreach (var broker in brokers.Where(b => b.State == BrokerState.Running))
            {
                while (true)
                {
                    try
                    {
                        var metadata = await MetadataProbe.QueryAsync(broker.Address.ListenPort, [topic], MetadataTimeout, kafkaVersion, deadline.Token);
                        var known = metadata.Partitions.Where(p => p.Topic == topic).ToList();
                        if (known.Count == partitions && known.All(p => p.HasLeader)) break;
                        lagging[broker.Id] = $"{known.Count(p => p.HasLeader)} of {partitions} partitions with a leader (topic error {metadata.TopicErrors.GetValueOrDefault(topic)})";
                    }
                    catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or OperationCanceledException && !deadline.IsCancellationRequested)
                    {
                        lagging[broker.Id] = ex.Message;
                    }
                    await Task.Delay(PollInterval, deadline.Token);
                }
                lagging.Remove(broker.Id);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#}s waiting for every broker to know {topic}: "
                + string.Join("; ", lagging.Select(l => $"broker {l.Key}: {l.Value}")) + ".");
        }
    }

    private async Task<T> ReadZooKeeperAsync<T>(Func<ZooKeeperReader, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            _zooKeeperReader ??= await ZooKeeperReader.ConnectAsync(zooKeeperPort, tuning.ZooKeeperSessionTimeoutMs * 2, cancellationToken);
            return await read(_zooKeeperReader);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException)
        {
            // The session may have expired while nobody asked; reconnect on the next question.
            _zooKeeperReader?.Dispose();
            _zooKeeperReader = null;
            throw new MetadataUnavailableException($"ZooKeeper did not answer: {ex.Message}");
        }
    }

    /// <summary>Asks the brokers this harness believes are running, in turn, on their own ports, until one answers.</summary>
    private async Task<MetadataProbe.Result> QueryMetadataAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var broker in brokers.Where(b => b.State == BrokerState.Running))
        {
            try
            {
                return await MetadataProbe.QueryAsync(broker.Address.ListenPort, topics, MetadataTimeout, kafkaVersion, cancellationToken);
            }
            catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                errors.Add($"broker {broker.Id}: {ex.Message}");
            }
        }
        throw new MetadataUnavailableException($"No running broker answered a metadata request: {string.Join("; ", errors.DefaultIfEmpty("none is running"))}.");
    }

    public void Dispose() => _zooKeeperReader?.Dispose();
}
