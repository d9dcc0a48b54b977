using Confluent.Kafka;
using KafkaChaos.History;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Workload;

/// <summary>
/// A producer worker running in this process: sends <see cref="ProducerProfile.Messages"/> enveloped IDs
/// <c>(context.Index, 0..)</c> in the profile's send mode and records every invocation (before hand-off,
/// durably, in batches of up to <see cref="InvocationBatch"/>) and every delivery report in its stream
/// <c>producer-{index}</c>.
/// </summary>
internal sealed class ProducerWorker : LedgerWorker
{
    /// <summary>Invocations recorded with one write before their messages are handed to the client.</summary>
    public const int InvocationBatch = 500;

    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(2);

    private readonly ProducerProfile _profile;
    private readonly WorkerContext _context;
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly DeadLetterStore? _deadLetters;
    private readonly CancellationTokenSource _stopSending = new();
    private long _outstanding;
    private volatile bool _sendingDone;

    private ProducerWorker(ProducerProfile profile, WorkerContext context, HistoryWriter history, IProducer<byte[]?, byte[]> producer, DeadLetterStore? deadLetters)
        : base(StreamName(context.Index), context, history)
    {
        _profile = profile;
        _context = context;
        _producer = producer;
        _deadLetters = deadLetters;
    }

    /// <summary>Every message completed or given up: disposal may stop (flush) rather than kill.</summary>
    protected override bool Finished => Completion.IsCompleted;

    public static string StreamName(int index) => $"producer-{index}";

    public static Task<IWorker> StartAsync(ProducerProfile profile, WorkerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (profile.Messages < 0) throw new ArgumentOutOfRangeException(nameof(profile), profile.Messages, "Messages must not be negative.");
        if (profile.RatePerSecond < 0) throw new ArgumentOutOfRangeException(nameof(profile), profile.RatePerSecond, "RatePerSecond must not be negative.");

        string name = StreamName(context.Index);
        // Build the client first: a refused configuration must not leave a history stream behind.
        var producer = ClientConfigs.BuildProducer(context.Clients, profile, name);
        HistoryWriter? history = null;
        DeadLetterStore? deadLetters = null;
        try
        {
            history = HistoryWriter.Create(context.RunDirectory, name, context.TimeProvider);
            if (profile.SendMode == SendMode.DeadLetter)
            {
                deadLetters = DeadLetterStore.Open(context.RunDirectory, context.Index);
            }
            var worker = new ProducerWorker(profile, context, history, producer, deadLetters);
            worker.Loop = Task.Run(worker.RunAsync, CancellationToken.None);
            return Task.FromResult<IWorker>(worker);
        }
        catch
        {
            deadLetters?.Dispose();
            history?.Dispose();
            producer.Dispose();
            throw;
        }
    }

    protected override async Task AbandonClientAsync()
    {
        await _stopSending.CancelAsync().ConfigureAwait(false);
        await AwaitQuietlyAsync(Loop).ConfigureAwait(false);
        // Destroy the client without flushing: what sits in its queue is dropped, as a SIGKILL would.
        await Task.Run(_producer.Dispose, CancellationToken.None).ConfigureAwait(false);
        _deadLetters?.Dispose();
    }

    protected override async Task<AggregateException?> CloseClientAsync()
    {
        await _stopSending.CancelAsync().ConfigureAwait(false);
        await AwaitQuietlyAsync(Loop).ConfigureAwait(false);
        var flushTimeout = TimeSpan.FromMilliseconds(_profile.DeliveryTimeoutMs) + TimeSpan.FromSeconds(5);
        await Task.Run(() =>
        {
            try { _producer.Flush(flushTimeout); } catch (KafkaException) { }
            _producer.Dispose();
        }, CancellationToken.None).ConfigureAwait(false);
        _deadLetters?.Dispose();
        // A failed loop has completed Completion with its exception already.
        return null;
    }

    private async Task RunAsync()
    {
        var token = _stopSending.Token;
        try
        {
            bool resultIgnored = _profile.SendMode == SendMode.FireAndForget;
            var ids = new MessageId[InvocationBatch];
            long start = _context.TimeProvider.GetTimestamp();
            long sequence = 0;
            while (sequence < _profile.Messages && !token.IsCancellationRequested)
            {
                await Board.PassGateAsync(null, _context.TimeProvider, token).ConfigureAwait(false);
                if (_profile.SendMode == SendMode.AwaitEach)
                {
                    await PaceAsync(start, sequence, token).ConfigureAwait(false);
                    var id = new MessageId(_context.Index, sequence++);
                    History.RecordInvocation(id, resultIgnored: false);
                    await SendAndAwaitAsync(id).ConfigureAwait(false);
                    continue;
                }

                int count = (int)Math.Min(InvocationBatch, _profile.Messages - sequence);
                if (_profile.RatePerSecond > 0) count = Math.Min(count, Math.Max(1, _profile.RatePerSecond / 20));
                if (Board.RemainingUntilGate(WorkerCounter.Sent) is { } untilGate) count = (int)Math.Min(count, Math.Max(1, untilGate));
                for (int i = 0; i < count; i++) ids[i] = new MessageId(_context.Index, sequence + i);
                History.RecordInvocations(ids.AsSpan(0, count), resultIgnored);
                for (int i = 0; i < count; i++)
                {
                    try
                    {
                        // A gate closing mid-batch (e.g. on acks) holds the rest of the batch until resumed.
                        await Board.PassGateAsync(null, _context.TimeProvider, token).ConfigureAwait(false);
                        await PaceAsync(start, sequence + i, token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested && !Killed)
                    {
                        // A graceful stop still hands off what the application already decided to send (and the
                        // ledger holds as invoked), so a stopped fire-and-forget run shows no false silent loss.
                    }
                    if (Killed) return;
                    await HandOffAsync(ids[i], attempt: 1, CancellationToken.None).ConfigureAwait(false);
                }
                sequence += count;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped or killed: the rest is never invoked.
        }
        catch (Exception ex)
        {
            Board.EndedBeforeGate($"failed ({ex.Message})");
            CompletionSource.TrySetException(ex);
            return;
        }
        _sendingDone = true;
        Board.MarkPausedIfClosed();
        if (Interlocked.Read(ref _outstanding) == 0) FinishSending();
    }

    private void FinishSending()
    {
        if (Closed) return; // stop and kill complete it themselves
        FlushHistory(); // what the parent is told has completed is on disk before it hears so
        Board.EndedBeforeGate("sent everything");
        CompletionSource.TrySetResult();
    }

    private async Task PaceAsync(long start, long sequence, CancellationToken token)
    {
        if (_profile.RatePerSecond <= 0) return;
        var due = TimeSpan.FromSeconds((double)sequence / _profile.RatePerSecond);
        var ahead = due - _context.TimeProvider.GetElapsedTime(start);
        if (ahead >= TimeSpan.FromMilliseconds(1)) await Task.Delay(ahead, _context.TimeProvider, token).ConfigureAwait(false);
    }

    private async Task SendAndAwaitAsync(MessageId id)
    {
        Interlocked.Increment(ref _outstanding);
        SendOutcome outcome;
        try
        {
            var task = _producer.ProduceAsync(_context.Topic, CreateMessage(id), CancellationToken.None);
            Board.Increment(WorkerCounter.Sent);
            var result = await task.ConfigureAwait(false);
            outcome = DeliveryOutcomes.From(result.Status, new Error(ErrorCode.NoError), result.TopicPartitionOffset);
        }
        catch (Exception ex) when (ex is KafkaException or ObjectDisposedException)
        {
            outcome = DeliveryOutcomes.FromException(ex);
        }
        Complete(id, outcome, attempt: 1);
    }

    /// <summary>Hands one recorded invocation to the client; the delivery handler completes it.</summary>
    /// <param name="counted">True for a re-send: the message is still counted as outstanding.</param>
    private async Task HandOffAsync(MessageId id, int attempt, CancellationToken token, bool counted = false)
    {
        var message = CreateMessage(id);
        if (!counted) Interlocked.Increment(ref _outstanding);
        while (true)
        {
            try
            {
                _producer.Produce(_context.Topic, message, report => OnDelivery(id, attempt, report));
                Board.Increment(WorkerCounter.Sent);
                return;
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_QueueFull && !token.IsCancellationRequested && !Killed)
            {
                await Task.Delay(QueueFullBackoff, _context.TimeProvider, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is KafkaException or ObjectDisposedException)
            {
                // Refused before hand-off (message too large...), or the worker is going away.
                Complete(id, DeliveryOutcomes.FromException(ex), attempt);
                return;
            }
        }
    }

    private Message<byte[]?, byte[]> CreateMessage(MessageId id) => new()
    {
        Key = MessageKeys.For(_profile.KeyPolicy, id),
        Value = MessageEnvelope.Encode(id, _profile.MessageBytes),
    };

    private void OnDelivery(MessageId id, int attempt, DeliveryReport<byte[]?, byte[]> report)
    {
        if (Killed) return; // a killed process records nothing more
        Complete(id, DeliveryOutcomes.From(report), attempt);
    }

    /// <summary>Records a completion; retries or parks failures per send mode; completes the worker after the last one.</summary>
    private void Complete(MessageId id, SendOutcome outcome, int attempt)
    {
        if (Killed) return;
        try
        {
            History.RecordCompletion(id, outcome);
        }
        catch (ObjectDisposedException)
        {
            return; // a report that arrived after the stream was closed: it reads as indeterminate
        }
        Board.Increment(outcome.Kind switch
        {
            SendOutcomeKind.Ok => WorkerCounter.Acked,
            SendOutcomeKind.Fail => WorkerCounter.Failed,
            _ => WorkerCounter.Indeterminate,
        });
        if (outcome.Kind != SendOutcomeKind.Ok)
        {
            if (_profile.SendMode == SendMode.CallbackRetry && attempt < ApplicationRetry.MaxAttempts && !Closed)
            {
                _ = ResendAsync(id, attempt + 1);
                return; // still outstanding
            }
            if (_profile.SendMode == SendMode.DeadLetter)
            {
                try { _deadLetters?.Add(id, outcome); } catch (ObjectDisposedException) { }
            }
        }
        if (_sendingDone) Board.MarkPausedIfClosed();
        if (Interlocked.Decrement(ref _outstanding) == 0 && _sendingDone) FinishSending();
    }

    /// <summary>The application's re-send of a failed message: same ID, a new invocation, after a backoff.</summary>
    private async Task ResendAsync(MessageId id, int attempt)
    {
        var token = _stopSending.Token;
        try
        {
            await Task.Delay(ApplicationRetry.BackoffBefore(attempt), _context.TimeProvider, token).ConfigureAwait(false);
            await Board.WhenOpenAsync(token).ConfigureAwait(false);
            History.RecordInvocation(id, resultIgnored: false);
            await HandOffAsync(id, attempt, token, counted: true).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopped or killed while waiting: the message is given up with its last outcome.
            if (Interlocked.Decrement(ref _outstanding) == 0 && _sendingDone) FinishSending();
        }
    }
}
