using KafkaChaos.Checkers;
using KafkaChaos.History;

namespace KafkaChaos.Tests.Checkers;

/// <summary>A terse way to write a history and a final read by hand; each event is one second after the previous.</summary>
internal sealed class LedgerScenario
{
    public const string Topic = "chaos";
    private static readonly long StartTicks = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero).UtcTicks;

    private readonly HistoryBuilder _history = new();
    private long _ticks = StartTicks;

    public FinalReadBuilder Log { get; } = new(Topic);

    public static MessageId Id(int producer, long sequence) => new(producer, sequence);

    public LedgerScenario Invoke(MessageId id, bool resultIgnored = false)
    {
        _history.Add(new SendInvoked(Next(), id, resultIgnored));
        return this;
    }

    public LedgerScenario Complete(MessageId id, SendOutcome outcome)
    {
        _history.Add(new SendCompleted(Next(), id, outcome));
        return this;
    }

    /// <summary>Invoked, acked at (partition, offset), and stored there.</summary>
    public LedgerScenario Delivered(MessageId id, int partition, long offset, bool resultIgnored = false) =>
        Invoke(id, resultIgnored).Complete(id, SendOutcome.Ok(partition, offset)).Stored(partition, offset, id);

    public LedgerScenario Stored(int partition, long offset, MessageId? id)
    {
        Log.Add(partition, offset, id);
        return this;
    }

    public LedgerScenario Consumed(MessageId? id, int partition, long offset, int consumer = 1)
    {
        _history.Add(new Consumed(Next(), id, partition, offset, consumer, 1));
        return this;
    }

    public LedgerScenario Processed(MessageId id, int partition, long offset, int consumer = 1)
    {
        _history.Add(new Processed(Next(), id, partition, offset, consumer));
        return this;
    }

    public LedgerScenario Committed(int partition, long offset, int consumer = 1)
    {
        _history.Add(new Committed(Next(), consumer, partition, offset));
        return this;
    }

    public LedgerScenario ConsumedAndProcessed(MessageId id, int partition, long offset, int consumer = 1) =>
        Consumed(id, partition, offset, consumer).Processed(id, partition, offset, consumer);

    public CheckResult Check(CheckOptions? options = null) => HistoryChecker.Check(_history.Build(), Log.Build(), options);

    private long Next() => _ticks += TimeSpan.TicksPerSecond;
}
