using Confluent.Kafka;
using KafkaChaos.History;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Workload;

/// <summary>
/// A group consumer running in this process. Per polled batch (up to <see cref="ConsumerProfile.MaxPollRecords"/>):
/// each record is recorded Consumed when taken, then processed (simulated work of <see cref="ConsumerProfile.ProcessingMs"/>,
/// then the durable Processed record, which is the side effect), then committed per the profile; Committed is
/// recorded after a commit succeeded. Stream <c>consumer-{index}-{incarnation}</c>; consumer id in the ledger
/// <c>index * 1000 + incarnation</c>.
/// </summary>
internal sealed class ConsumerWorker : LedgerWorker
{
    /// <summary>Incarnations per consumer index (the consumer id is <c>index * IncarnationsPerIndex + incarnation</c>).</summary>
    public const int IncarnationsPerIndex = 1000;

    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CommittedQueryTimeout = TimeSpan.FromSeconds(5);

    private readonly ConsumerProfile _profile;
    private readonly WorkerContext _context;
    private readonly DedupeStore? _dedupe;
    private readonly int _consumerId;
    private readonly CancellationTokenSource _kill = new();
    private readonly ConsumerPositions _positions;
    private IConsumer<byte[]?, byte[]> _consumer = null!;
    private Task _asyncCommit = Task.CompletedTask;
    private volatile bool _stopRequested;

    private ConsumerWorker(ConsumerProfile profile, WorkerContext context, HistoryWriter history, DedupeStore? dedupe, int incarnation)
        : base($"consumer-{context.Index}", context, history)
    {
        _profile = profile;
        _context = context;
        _dedupe = dedupe;
        _consumerId = context.Index * IncarnationsPerIndex + incarnation;
        _positions = new ConsumerPositions(context.Topic);
    }

    public static Task<IWorker> StartAsync(ConsumerProfile profile, WorkerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (profile.MaxPollRecords < 1) throw new ArgumentOutOfRangeException(nameof(profile), profile.MaxPollRecords, "MaxPollRecords must be at least 1.");

        // Validate the configuration before creating a stream (a throwaway build, never subscribed).
        ClientConfigs.BuildConsumer(context.Clients, profile, $"consumer-{context.Index}", _ => { }).Dispose();
        var (history, incarnation) = CreateStream(context);
        DedupeStore? dedupe = null;
        try
        {
            if (profile.Dedupe) dedupe = DedupeStore.Open(context.RunDirectory, profile.Group, history.StreamName);
            var worker = new ConsumerWorker(profile, context, history, dedupe, incarnation);
            worker._consumer = ClientConfigs.BuildConsumer(context.Clients, profile, history.StreamName, worker.Configure);
            worker._consumer.Subscribe(context.Topic);
            worker.History.RecordNote($"{history.StreamName} (consumer id {worker._consumerId}) joined group {profile.Group}, commit {profile.Commit}/{profile.CommitEvery}, dedupe {profile.Dedupe}");
            worker.Loop = Task.Run(worker.RunAsync, CancellationToken.None);
            return Task.FromResult<IWorker>(worker);
        }
        catch
        {
            dedupe?.Dispose();
            history.Dispose();
            throw;
        }
    }

    /// <summary>Creates the first free stream <c>consumer-{index}-{n}</c>: a restarted consumer never reopens a stream.</summary>
    private static (HistoryWriter History, int Incarnation) CreateStream(WorkerContext context)
    {
        for (int incarnation = 0; incarnation < IncarnationsPerIndex; incarnation++)
        {
            string name = $"consumer-{context.Index}-{incarnation}";
            if (File.Exists(Path.Combine(context.RunDirectory, name + HistoryFormat.FileExtension))) continue;
            try
            {
                return (HistoryWriter.Create(context.RunDirectory, name, context.TimeProvider), incarnation);
            }
            catch (IOException) when (File.Exists(Path.Combine(context.RunDirectory, name + HistoryFormat.FileExtension)))
            {
                // Another process took this incarnation first.
            }
        }
        throw new InvalidOperationException($"Consumer {context.Index} has used all {IncarnationsPerIndex} incarnations in {context.RunDirectory}.");
    }

    private void Configure(ConsumerBuilder<byte[]?, byte[]> builder)
    {
        builder.SetPartitionsAssignedHandler((_, partitions) =>
        {
            _positions.Assigned(partitions.Select(p => p.Partition.Value));
            _dedupe?.Refresh();
            History.RecordNote($"{History.StreamName} assigned {string.Join(",", partitions.Select(p => p.Partition.Value))}");
        });
        builder.SetPartitionsRevokedHandler((_, partitions) =>
        {
            var revoked = partitions.Select(p => p.Partition.Value).ToHashSet();
            if (_profile.Commit != CommitMode.Auto && !Killed)
            {
                // A well-behaved manual committer commits what it processed before giving partitions away, and
                // drops the records of those partitions it holds unprocessed: the new owner starts right there.
                AwaitQuietlyAsync(_asyncCommit).GetAwaiter().GetResult();
                CommitSync(_positions.ProcessedPositions(onlyAhead: true).Where(p => revoked.Contains(p.Partition.Value)).ToList());
            }
            _positions.Revoked(revoked);
            UpdateLead();
        });
        if (_profile.Commit == CommitMode.Auto)
        {
            builder.SetOffsetsCommittedHandler((_, committed) =>
            {
                if (Killed || committed.Error.IsError) return;
                // Skip what the broker query during a pause already reported.
                var done = _positions.AheadOfCommitted(committed.Offsets.Where(o => !o.Error.IsError).Select(o => o.TopicPartitionOffset));
                if (done.Count > 0) OnCommitted(done);
            });
        }
    }

    protected override async Task AbandonClientAsync()
    {
        await _kill.CancelAsync().ConfigureAwait(false);
        await AwaitQuietlyAsync(Loop).ConfigureAwait(false);
        await AwaitQuietlyAsync(_asyncCommit).ConfigureAwait(false);
        // Dispose without Close: no final commit, no leave-group; the group notices at session timeout.
        await Task.Run(_consumer.Dispose, CancellationToken.None).ConfigureAwait(false);
        _dedupe?.Dispose();
    }

    protected override async Task<AggregateException?> CloseClientAsync()
    {
        _stopRequested = true;
        Board.Resume(); // a graceful stop while paused finishes the batch in hand first
        await AwaitQuietlyAsync(Loop).ConfigureAwait(false);
        await Task.Run(() =>
        {
            try
            {
                if (_profile.Commit != CommitMode.Auto && !Loop.IsFaulted) CommitSync(_positions.ProcessedPositions(onlyAhead: true));
                _consumer.Close(); // auto commit: commits the stored offsets, all processed by now
            }
            catch (KafkaException ex)
            {
                History.RecordNote($"{History.StreamName} close: {ex.Error.Code} {ex.Error.Reason}");
            }
            finally
            {
                _consumer.Dispose();
            }
        }, CancellationToken.None).ConfigureAwait(false);
        _dedupe?.Dispose();
        return Loop.Exception;
    }

    private async Task RunAsync()
    {
        var kill = _kill.Token;
        var batch = new List<(ConsumeResult<byte[]?, byte[]> Result, int Revocations)>(_profile.MaxPollRecords);
        Func<CancellationToken, Task>? whilePaused = _profile.Commit == CommitMode.Auto ? ObserveAutoCommitsAsync : null;
        try
        {
            while (!_stopRequested && !kill.IsCancellationRequested)
            {
                batch.Clear();
                bool gateClosed = false;
                await PassGateAsync(whilePaused, kill).ConfigureAwait(false); // a gate closed by a background commit while idle
                var first = Poll(PollTimeout);
                if (first is null) continue;
                for (var result = first; result is not null; result = batch.Count < _profile.MaxPollRecords ? Poll(TimeSpan.Zero) : null)
                {
                    if (result.IsPartitionEOF || result.Message is null) continue;
                    Take(result);
                    batch.Add((result, _positions.Revocations));
                    if (Board.GateClosed)
                    {
                        gateClosed = true;
                        break; // stop right after the Nth poll
                    }
                }
                if (gateClosed) await PassGateAsync(whilePaused, kill).ConfigureAwait(false);

                foreach (var (result, revocations) in batch)
                {
                    kill.ThrowIfCancellationRequested();
                    if (_profile.Commit != CommitMode.Auto && _positions.RevokedSince(result.Partition.Value, revocations)) continue;
                    await ProcessAsync(result, kill).ConfigureAwait(false);
                    await PassGateAsync(whilePaused, kill).ConfigureAwait(false);
                    if (_profile.Commit != CommitMode.Auto && _profile.CommitEvery == CommitEvery.Message)
                    {
                        await CommitAsync([new TopicPartitionOffset(result.TopicPartition, result.Offset.Value + 1)]).ConfigureAwait(false);
                        await PassGateAsync(whilePaused, kill).ConfigureAwait(false);
                    }
                }
                if (_profile.Commit != CommitMode.Auto && _profile.CommitEvery == CommitEvery.Batch && batch.Count > 0)
                {
                    await CommitAsync(_positions.ProcessedPositions(onlyAhead: true)).ConfigureAwait(false);
                    await PassGateAsync(whilePaused, kill).ConfigureAwait(false);
                }
            }
            await AwaitQuietlyAsync(_asyncCommit).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (kill.IsCancellationRequested)
        {
            // Killed: abandon everything in hand.
        }
        catch (Exception ex)
        {
            Board.EndedBeforeGate($"failed ({ex.Message})");
            CompletionSource.TrySetException(ex);
            throw;
        }
    }

    /// <summary>One record from the client, or null; a non-fatal consume error (a fault's symptom) is noted and polling goes on.</summary>
    private ConsumeResult<byte[]?, byte[]>? Poll(TimeSpan timeout)
    {
        try
        {
            return _consumer.Consume(timeout);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            History.RecordNote($"{History.StreamName} consume error: {ex.Error.Code} {ex.Error.Reason}");
            Thread.Sleep(PollTimeout); // back off: a persistent error must not spin the loop
            return null;
        }
    }

    private Task PassGateAsync(Func<CancellationToken, Task>? whilePaused, CancellationToken kill) =>
        Board.GateClosed ? Board.PassGateAsync(whilePaused, _context.TimeProvider, kill) : Task.CompletedTask;

    /// <summary>A record was taken from the client: recorded as consumed before any processing.</summary>
    private void Take(ConsumeResult<byte[]?, byte[]> result)
    {
        int partition = result.Partition.Value;
        MessageId? id = MessageEnvelope.TryDecode(result.Message.Value, out var decoded) ? decoded : null;
        History.RecordConsumed(id, partition, result.Offset.Value, _consumerId, generation: -1);
        _positions.Taken(partition, result.Offset.Value);
        Board.Increment(WorkerCounter.Polled);
        UpdateLead();
    }

    private async Task ProcessAsync(ConsumeResult<byte[]?, byte[]> result, CancellationToken kill)
    {
        int partition = result.Partition.Value;
        long offset = result.Offset.Value;
        if (MessageEnvelope.TryDecode(result.Message.Value, out var id))
        {
            if (_dedupe is null || !_dedupe.Contains(id))
            {
                if (_profile.ProcessingMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(_profile.ProcessingMs), _context.TimeProvider, kill).ConfigureAwait(false);
                kill.ThrowIfCancellationRequested();
                History.RecordProcessed(id, partition, offset, _consumerId);
                _dedupe?.Add(id);
            }
        }
        // An undecodable value is not processed, but it is handled: its offset may be committed.
        _positions.Processed(partition, offset);
        Board.Increment(WorkerCounter.Processed);
        UpdateLead();
    }

    /// <summary>Sync: commit and wait. Async: hand the offsets to the background committer and go on.</summary>
    private Task CommitAsync(List<TopicPartitionOffset> offsets)
    {
        if (offsets.Count == 0) return Task.CompletedTask;
        if (_profile.Commit == CommitMode.ManualSync)
        {
            CommitSync(offsets);
            return Task.CompletedTask;
        }
        var previous = _asyncCommit;
        _asyncCommit = Task.Run(async () =>
        {
            await AwaitQuietlyAsync(previous).ConfigureAwait(false); // commits stay in order, as librdkafka's queue keeps them
            if (!Killed) CommitSync(offsets);
        });
        return Task.CompletedTask;
    }

    private void CommitSync(List<TopicPartitionOffset> offsets)
    {
        if (offsets.Count == 0) return;
        try
        {
            _consumer.Commit(offsets);
        }
        catch (KafkaException ex) when (!Killed)
        {
            // A commit refused in a rebalance: the records may be redelivered (real duplicates), nothing is recorded.
            History.RecordNote($"{History.StreamName} commit failed: {ex.Error.Code} {ex.Error.Reason}");
            return;
        }
        if (!Killed) OnCommitted(offsets);
    }

    private void OnCommitted(List<TopicPartitionOffset> offsets)
    {
        foreach (var tpo in offsets)
        {
            History.RecordCommitted(_consumerId, tpo.Partition.Value, tpo.Offset.Value);
            _positions.Committed(tpo.Partition.Value, tpo.Offset.Value);
        }
        Board.Increment(WorkerCounter.Committed);
        UpdateLead();
    }

    /// <summary>While paused with auto commit, the client keeps committing in the background; ask the broker what it holds.</summary>
    private Task ObserveAutoCommitsAsync(CancellationToken cancellationToken)
    {
        var assignment = _consumer.Assignment;
        if (assignment.Count == 0) return Task.CompletedTask;
        List<TopicPartitionOffset> committed;
        try
        {
            committed = _consumer.Committed(assignment, CommittedQueryTimeout);
        }
        catch (KafkaException)
        {
            return Task.CompletedTask;
        }
        var moved = _positions.AheadOfCommitted(committed);
        if (moved.Count > 0) OnCommitted(moved);
        return Task.CompletedTask;
    }

    private void UpdateLead() => Board.SetCommittedOffsetLead(_positions.CommittedLead());
}
