using System.Runtime.CompilerServices;
using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// Order across producers by invocation time (claim D5): a message stored in a partition after a message of
/// <em>another</em> producer whose send was invoked later. Kafka promises order per producer and partition only, so
/// this is reported, not an anomaly. Each ID counts once per partition (its first copy there); the example names the
/// later-invoked message it landed behind and both invocation times. Fed record by record as the final read streams
/// past; memory: the first invocation time of each ID (8 bytes), kept only with two producers or more.
/// </summary>
internal sealed class CrossProducerOrder
{
    private ChunkedArray<long>[] _invokedAt;
    private readonly int _maxExamples;
    private readonly long[] _latest;
    private readonly MessageId[] _latestId;
    private readonly long[] _latestOffset;
    private readonly List<FindingExample> _examples = [];
    private FindingExample? _largest;
    private long _largestGap = -1;
    private long _count;

    /// <summary>A check over the invocation times per producer index of the table (<see cref="IdTableBuilder.Build"/>).</summary>
    public CrossProducerOrder(ChunkedArray<long>[] invokedAt, int maxExamples)
    {
        _invokedAt = invokedAt;
        _maxExamples = maxExamples;
        _latest = new long[invokedAt.Length];
        _latestId = new MessageId[invokedAt.Length];
        _latestOffset = new long[invokedAt.Length];
    }

    /// <summary>Whether the check applies: two producers or more, and examples wanted.</summary>
    public static bool Applies(int producers, int maxExamples) => producers >= 2 && maxExamples >= 1;

    /// <summary>A new partition: the latest invocation time stored so far per producer starts over.</summary>
    public void BeginPartition() => Array.Fill(_latest, long.MinValue);

    /// <summary>The first copy in this partition of the invoked <paramref name="id"/> (of the producer at <paramref name="producer"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Stored(MessageId id, int producer, int partition, long offset)
    {
        long invoked = _invokedAt[producer][id.Sequence];
        int other = -1;
        for (int q = 0; q < _latest.Length; q++)
        {
            if (q != producer && _latest[q] > invoked && (other < 0 || _latest[q] > _latest[other])) other = q;
        }
        if (other >= 0)
        {
            _count++;
            long gap = _latest[other] - invoked;
            if (_examples.Count < _maxExamples || gap > _largestGap)
            {
                var example = new FindingExample(id, [partition, partition], [_latestOffset[other], offset],
                    $"{id} invoked at {Time(invoked)} stored at p{partition}@{offset}, after {_latestId[other]} of another producer " +
                    $"invoked {TimeSpan.FromTicks(gap).TotalMilliseconds:0.###} ms later ({Time(_latest[other])}) and stored at p{partition}@{_latestOffset[other]}");
                if (_examples.Count < _maxExamples) _examples.Add(example);
                if (gap > _largestGap) (_largest, _largestGap) = (example, gap);
            }
        }
        if (invoked > _latest[producer])
        {
            _latest[producer] = invoked;
            _latestId[producer] = id;
            _latestOffset[producer] = offset;
        }
    }

    /// <summary>The final read was fully streamed: the invocation times are no longer needed.</summary>
    public void ReleaseInvocationTimes() => _invokedAt = [];

    /// <summary>The count, examples (the one with the largest lag first: a retry stands out from mere concurrency)
    /// and a summary naming that largest lag.</summary>
    public (long Count, List<FindingExample> Examples, string? Summary) Finish()
    {
        var examples = new List<FindingExample>(_examples);
        if (_largest is null) return (_count, examples, null);
        examples.Remove(_largest);
        if (examples.Count == _maxExamples) examples.RemoveAt(examples.Count - 1);
        examples.Insert(0, _largest);
        return (_count, examples, $"largest lag: {_largest.Id} landed behind a send of another producer invoked {TimeSpan.FromTicks(_largestGap).TotalMilliseconds:0.###} ms after it");
    }

    private static string Time(long ticks) => new DateTimeOffset(ticks, TimeSpan.Zero).ToString("HH:mm:ss.fff");
}
