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
internal sealed class ConsumerWorker : IWorker
{
    /// <summary>Incarnations per consumer index (the consumer id is <c>index * IncarnationsPerIndex + incarnation</c>).</summary>
    public const int IncarnationsPerIndex = 1000;

    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CommittedQueryTimeout = TimeSpan.FromSeconds(5);

    private readonly ConsumerProfile _profile;
    private readonly WorkerContext _context;
    private readonly HistoryWriter _history;
    private readonly DedupeStore? _dedupe;
    private readonly CounterBoard _board;
    private readonly ITimer _flushTimer;
    private readonly int _consumerId;
    private readonly CancellationTokenSource _kill = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _state = new();
    private readonly Dictionary<int, long> _processedNext = [];
    private readonly Dictionary<int, long> _committedNext = [];
    private readonly Lock _lifecycle = new();
    private IConsumer<byte[]?, byte[]> _consumer = null!;
    private Task _loop = Task.CompletedTask;
    private Task _asyncCommit = Task.CompletedTask;
    private volatile bool _stopRequested;
    private volatile bool _killed;
    private bool _closed;

    private ConsumerWorker(ConsumerProfile profile, WorkerContext context, HistoryWriter history, DedupeStore? dedupe, int incarnation)
    {
        _profile = profile;
        _context = context;
        _history = history;
        _dedupe = dedupe;
        _board = new CounterBoard(context.PauseAt, FlushHistory);
        // Buffered completions reach the OS at least this often, so a SIGKILL loses at most the last moment's.
        _flushTimer = context.TimeProvider.CreateTimer(_ => FlushHistory(), null, HistoryFlushInterval, HistoryFlushInterval);
        _consumerId = context.Index * IncarnationsPerIndex + incarnation;
        Name = $"consumer-{context.Index}";
    }

    /// <summary>How often buffered ledger records are handed to the OS (100 ms).</summary>
    public static readonly TimeSpan HistoryFlushInterval = TimeSpan.FromMilliseconds(100);

    public string Name { get; }

    public WorkerCounters Counters => _board.Snapshot();

    internal long CountersVersion => _board.Version;

    public Task Completion => _completion.Task;

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
            worker._history.RecordNote($"{history.StreamName} (consumer id {worker._consumerId}) joined group {profile.Group}, commit {profile.Commit}/{profile.CommitEvery}, dedupe {profile.Dedupe}");
            worker._loop = Task.Run(worker.RunAsync, CancellationToken.None);
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
            lock (_state)
            {
                foreach (var tp in partitions)
                {
                    _processedNext.Remove(tp.Partition.Value);
                    _committedNext.Remove(tp.Partition.Value);
                }
            }
            _dedupe?.Refresh();
            _history.RecordNote($"{_history.StreamName} assigned {string.Join(",", partitions.Select(p => p.Partition.Value))}");
        });
        builder.SetPartitionsRevokedHandler((_, partitions) =>
        {
            lock (_state)
            {
                foreach (var tpo in partitions)
                {
                    _processedNext.Remove(tpo.Partition.Value);
                    _committedNext.Remove(tpo.Partition.Value);
                }
            }
            UpdateLead();
        });
        if (_profile.Commit == CommitMode.Auto)
        {
            builder.SetOffsetsCommittedHandler((_, committed) =>
            {
                if (_killed || committed.Error.IsError) return;
                var done = committed.Offsets.Where(o => !o.Error.IsError && o.Offset.Value >= 0).Select(o => o.TopicPartitionOffset).ToList();
                if (done.Count > 0) OnCommitted(done);
            });
        }
    }

    public Task WaitPausedAsync(CancellationToken cancellationToken) => _board.Paused.WaitAsync(cancellationToken);

    public Task ResumeAsync(CancellationToken cancellationToken)
    {
        _board.Resume();
        return Task.CompletedTask;
    }

    public async Task KillAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            if (_closed) return;
            _closed = true;
            _killed = true;
        }
        await _kill.CancelAsync().ConfigureAwait(false);
        await AwaitQuietlyAsync(_loop).ConfigureAwait(false);
        await AwaitQuietlyAsync(_asyncCommit).ConfigureAwait(false);
        // Dispose without Close: no final commit, no leave-group; the group notices at session timeout.
        await Task.Run(_consumer.Dispose, CancellationToken.None).ConfigureAwait(false);
        _dedupe?.Dispose();
        await _flushTimer.DisposeAsync().ConfigureAwait(false);
        _history.Dispose();
        _board.EndedBeforeGate("was killed");
        _completion.TrySetResult();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            if (_closed) return;
            _closed = true;
        }
        _stopRequested = true;
        _board.Resume(); // a graceful stop while paused finishes the batch in hand first
        await AwaitQuietlyAsync(_loop).ConfigureAwait(false);
        await Task.Run(() =>
        {
            try
            {
                if (_profile.Commit != CommitMode.Auto && !_loop.IsFaulted) CommitSync(ProcessedPositions(onlyAhead: true));
                _consumer.Close(); // auto commit: commits the stored offsets, all processed by now
            }
            catch (KafkaException ex)
            {
                _history.RecordNote($"{_history.StreamName} close: {ex.Error.Code} {ex.Error.Reason}");
            }
            finally
            {
                _consumer.Dispose();
            }
        }, CancellationToken.None).ConfigureAwait(false);
        _dedupe?.Dispose();
        await _flushTimer.DisposeAsync().ConfigureAwait(false);
        _history.Dispose();
        _board.EndedBeforeGate("stopped");
        if (_loop.Exception is { } failure) _completion.TrySetException(failure.InnerExceptions);
        else _completion.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        bool closed;
        lock (_lifecycle) closed = _closed;
        if (closed) return;
        if (_loop.IsCompleted) await StopAsync(CancellationToken.None).ConfigureAwait(false);
        else await KillAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private void FlushHistory()
    {
        try
        {
            _history.Flush();
        }
        catch (ObjectDisposedException)
        {
            // Closed: nothing left to flush.
        }
    }

    private static async Task AwaitQuietlyAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported through Completion.
        }
    }

    private async Task RunAsync()
    {
        var kill = _kill.Token;
        var batch = new List<ConsumeResult<byte[]?, byte[]>>(_profile.MaxPollRecords);
        Func<CancellationToken, Task>? whilePaused = _profile.Commit == CommitMode.Auto ? ObserveAutoCommitsAsync : null;
        try
        {
            while (!_stopRequested && !kill.IsCancellationRequested)
            {
                batch.Clear();
                bool gateClosed = false;
                await PassGateAsync(whilePaused, kill).ConfigureAwait(false); // a gate closed by a background commit while idle
                var first = _consumer.Consume(PollTimeout);
                if (first is null) continue;
                for (var result = first; result is not null; result = batch.Count < _profile.MaxPollRecords ? _consumer.Consume(TimeSpan.Zero) : null)
                {
                    if (result.IsPartitionEOF || result.Message is null) continue;
                    Take(result);
                    batch.Add(result);
                    if (_board.GateClosed)
                    {
                        gateClosed = true;
                        break; // stop right after the Nth poll
                    }
                }
                if (gateClosed) await PassGateAsync(whilePaused, kill).ConfigureAwait(false);

                foreach (var result in batch)
                {
                    kill.ThrowIfCancellationRequested();
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
                    await CommitAsync(ProcessedPositions(onlyAhead: true)).ConfigureAwait(false);
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
            _board.EndedBeforeGate($"failed ({ex.Message})");
            _completion.TrySetException(ex);
            throw;
        }
    }

    private Task PassGateAsync(Func<CancellationToken, Task>? whilePaused, CancellationToken kill) =>
        _board.GateClosed ? _board.PassGateAsync(whilePaused, _context.TimeProvider, kill) : Task.CompletedTask;

    /// <summary>A record was taken from the client: recorded as consumed before any processing.</summary>
    private void Take(ConsumeResult<byte[]?, byte[]> result)
    {
        int partition = result.Partition.Value;
        MessageId? id = MessageEnvelope.TryDecode(result.Message.Value, out var decoded) ? decoded : null;
        _history.RecordConsumed(id, partition, result.Offset.Value, _consumerId, generation: -1);
        lock (_state)
        {
            _processedNext.TryAdd(partition, result.Offset.Value);
        }
        _board.Increment(WorkerCounter.Polled);
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
                _history.RecordProcessed(id, partition, offset, _consumerId);
                _dedupe?.Add(id);
            }
        }
        // An undecodable value is not processed, but it is handled: its offset may be committed.
        lock (_state)
        {
            _processedNext[partition] = offset + 1;
        }
        _board.Increment(WorkerCounter.Processed);
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
            if (!_killed) CommitSync(offsets);
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
        catch (KafkaException ex) when (!_killed)
        {
            // A commit refused in a rebalance: the records may be redelivered (real duplicates), nothing is recorded.
            _history.RecordNote($"{_history.StreamName} commit failed: {ex.Error.Code} {ex.Error.Reason}");
            return;
        }
        if (!_killed) OnCommitted(offsets);
    }

    private void OnCommitted(List<TopicPartitionOffset> offsets)
    {
        foreach (var tpo in offsets)
        {
            _history.RecordCommitted(_consumerId, tpo.Partition.Value, tpo.Offset.Value);
            lock (_state)
            {
                _committedNext[tpo.Partition.Value] = Math.Max(tpo.Offset.Value, _committedNext.GetValueOrDefault(tpo.Partition.Value, -1));
            }
        }
        _board.Increment(WorkerCounter.Committed);
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
        var moved = new List<TopicPartitionOffset>();
        lock (_state)
        {
            foreach (var tpo in committed)
            {
                if (tpo.Offset.Value >= 0 && tpo.Offset.Value > _committedNext.GetValueOrDefault(tpo.Partition.Value, -1)) moved.Add(tpo);
            }
        }
        if (moved.Count > 0) OnCommitted(moved);
        return Task.CompletedTask;
    }

    private List<TopicPartitionOffset> ProcessedPositions(bool onlyAhead)
    {
        lock (_state)
        {
            return _processedNext
                .Where(p => !onlyAhead || p.Value > _committedNext.GetValueOrDefault(p.Key, -1))
                .Select(p => new TopicPartitionOffset(_context.Topic, p.Key, p.Value))
                .ToList();
        }
    }

    private void UpdateLead()
    {
        long lead = 0;
        lock (_state)
        {
            foreach (var (partition, committed) in _committedNext)
            {
                if (_processedNext.TryGetValue(partition, out long next) && committed > next) lead += committed - next;
            }
        }
        _board.SetCommittedOffsetLead(lead);
    }
}
