using Confluent.Kafka;

namespace KafkaChaos.Workload;

/// <summary>
/// A consumer's per-partition bookkeeping, shared by its poll loop, its background committer and the client's
/// rebalance callbacks (hence the lock): the next offset to process, the next offset committed, and which
/// revocation took a partition away (records polled before it must not be processed by a manual committer).
/// </summary>
internal sealed class ConsumerPositions(string topic)
{
    private readonly Lock _state = new();
    private readonly Dictionary<int, long> _processedNext = [];
    private readonly Dictionary<int, long> _committedNext = [];
    private readonly Dictionary<int, int> _revokedAt = [];
    private int _revocations;

    /// <summary>How many revocations happened so far: stamp a polled record with it, compare in <see cref="RevokedSince"/>.</summary>
    public int Revocations => Volatile.Read(ref _revocations);

    /// <summary>Newly assigned partitions start with no positions.</summary>
    public void Assigned(IEnumerable<int> partitions)
    {
        lock (_state)
        {
            foreach (int partition in partitions)
            {
                _processedNext.Remove(partition);
                _committedNext.Remove(partition);
            }
        }
    }

    /// <summary>Revoked partitions lose their positions, and records polled from them before now are stale.</summary>
    public void Revoked(IEnumerable<int> partitions)
    {
        lock (_state)
        {
            _revocations++;
            foreach (int partition in partitions)
            {
                _processedNext.Remove(partition);
                _committedNext.Remove(partition);
                _revokedAt[partition] = _revocations;
            }
        }
    }

    /// <summary>True when <paramref name="partition"/> was revoked after a record stamped with <paramref name="revocations"/> was polled.</summary>
    public bool RevokedSince(int partition, int revocations)
    {
        lock (_state)
        {
            return _revokedAt.TryGetValue(partition, out int at) && at > revocations;
        }
    }

    /// <summary>A record was taken: the first one of a partition sets where processing starts.</summary>
    public void Taken(int partition, long offset)
    {
        lock (_state)
        {
            _processedNext.TryAdd(partition, offset);
        }
    }

    public void Processed(int partition, long offset)
    {
        lock (_state)
        {
            _processedNext[partition] = offset + 1;
        }
    }

    /// <summary>Records a commit; commits never move a position back.</summary>
    public void Committed(int partition, long next)
    {
        lock (_state)
        {
            _committedNext[partition] = Math.Max(next, _committedNext.GetValueOrDefault(partition, -1));
        }
    }

    /// <summary>Those of <paramref name="offsets"/> ahead of what is known committed (valid offsets only).</summary>
    public List<TopicPartitionOffset> AheadOfCommitted(IEnumerable<TopicPartitionOffset> offsets)
    {
        lock (_state)
        {
            return offsets.Where(o => o.Offset.Value >= 0 && o.Offset.Value > _committedNext.GetValueOrDefault(o.Partition.Value, -1)).ToList();
        }
    }

    /// <summary>The next offset to process per partition: what a commit of "everything processed" sends.</summary>
    public List<TopicPartitionOffset> ProcessedPositions(bool onlyAhead)
    {
        lock (_state)
        {
            return _processedNext
                .Where(p => !onlyAhead || p.Value > _committedNext.GetValueOrDefault(p.Key, -1))
                .Select(p => new TopicPartitionOffset(topic, p.Key, p.Value))
                .ToList();
        }
    }

    /// <summary>How far commits are ahead of processing, summed over partitions (a commit-before-process symptom).</summary>
    public long CommittedLead()
    {
        long lead = 0;
        lock (_state)
        {
            foreach (var (partition, committed) in _committedNext)
            {
                if (_processedNext.TryGetValue(partition, out long next) && committed > next) lead += committed - next;
            }
        }
        return lead;
    }
}
