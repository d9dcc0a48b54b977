using Confluent.Kafka;
using KafkaChaos.History;
using KafkaChaos.Workload;

namespace KafkaChaos.Fixtures;

/// <summary>Your producer with a <see cref="ChaosLedger"/> beside it: every call goes to it unchanged; a message to the
/// ledger's topic is recorded before it is handed over, and its outcome when it is known.</summary>
internal sealed class TrackedProducer<TKey, TValue>(ChaosLedger ledger, IProducer<TKey, TValue> inner, int producerId) : IProducer<TKey, TValue>
{
    private long _sequence = -1;

    public Handle Handle => inner.Handle;

    public string Name => inner.Name;

    public async Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default) =>
        await ProduceAsync(new TopicPartition(topic, Partition.Any), message, cancellationToken).ConfigureAwait(false);

    public async Task<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        if (topicPartition.Topic != ledger.Topic) return await inner.ProduceAsync(topicPartition, message, cancellationToken).ConfigureAwait(false);
        var id = ledger.Invoked(producerId, Interlocked.Increment(ref _sequence), message);
        try
        {
            var result = await inner.ProduceAsync(topicPartition, message, cancellationToken).ConfigureAwait(false);
            ledger.Completed(id, DeliveryOutcomes.From(result.Status, new Error(ErrorCode.NoError), result.TopicPartitionOffset));
            return result;
        }
        catch (ProduceException<TKey, TValue> ex)
        {
            ledger.Completed(id, DeliveryOutcomes.From(ex.DeliveryResult.Status, ex.Error, ex.DeliveryResult.TopicPartitionOffset));
            throw;
        }
        catch (Exception ex)
        {
            ledger.Completed(id, DeliveryOutcomes.FromException(ex));
            throw;
        }
    }

    public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null) =>
        Produce(new TopicPartition(topic, Partition.Any), message, deliveryHandler);

    public void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        if (topicPartition.Topic != ledger.Topic)
        {
            inner.Produce(topicPartition, message, deliveryHandler);
            return;
        }
        var id = ledger.Invoked(producerId, Interlocked.Increment(ref _sequence), message);
        try
        {
            inner.Produce(topicPartition, message, report =>
            {
                ledger.Completed(id, DeliveryOutcomes.From(report));
                deliveryHandler?.Invoke(report);
            });
        }
        catch (Exception ex)
        {
            ledger.Completed(id, DeliveryOutcomes.FromException(ex));
            throw;
        }
    }

    public int Poll(TimeSpan timeout) => inner.Poll(timeout);

    public int Flush(TimeSpan timeout) => inner.Flush(timeout);

    public void Flush(CancellationToken cancellationToken = default) => inner.Flush(cancellationToken);

    public void InitTransactions(TimeSpan timeout) => inner.InitTransactions(timeout);

    public void BeginTransaction() => inner.BeginTransaction();

    public void CommitTransaction(TimeSpan timeout) => inner.CommitTransaction(timeout);

    public void CommitTransaction() => inner.CommitTransaction();

    public void AbortTransaction(TimeSpan timeout) => inner.AbortTransaction(timeout);

    public void AbortTransaction() => inner.AbortTransaction();

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout) =>
        inner.SendOffsetsToTransaction(offsets, groupMetadata, timeout);

    public int AddBrokers(string brokers) => inner.AddBrokers(brokers);

    public void SetSaslCredentials(string username, string password) => inner.SetSaslCredentials(username, password);

    public void Dispose() => inner.Dispose();
}
