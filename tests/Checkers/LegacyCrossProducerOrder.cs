using System.Runtime.CompilerServices;
using KafkaChaos.History;

using KafkaChaos.Checkers;

namespace KafkaChaos.Tests.Checkers;

/// <summary>
/// The previous cross-producer order check, kept as the oracle the streaming <see cref="CrossProducerOrder"/> is compared with.
/// Order across producers by invocation time (claim D5): a message stored in a partition after a message of
/// <em>another</em> producer whose send was invoked later. Kafka promises order per producer and partition only, so
/// this is reported, not an anomaly. Each ID counts once (its first copy); the example names the later-invoked message
/// it landed behind and both invocation times. Memory: one tick per invoked ID, only when there are two producers or more.
/// </summary>
internal static class LegacyCrossProducerOrder
{
    /// <summary>The count, examples (the one with the largest lag first: a retry stands out from mere concurrency)
    /// and a summary naming that largest lag.</summary>
    public static (long Count, List<FindingExample> Examples, string? Summary) Check(RunHistory history, FinalRead finalRead, IdTable table, int maxExamples)
    {
        var examples = new List<FindingExample>();
        int producers = table.ProducerCount;
        if (producers < 2 || maxExamples < 1) return (0, examples, null);
        FindingExample? largest = null;
        long largestGap = -1;

        var invokedAt = new long[producers][];
        for (int p = 0; p < producers; p++)
        {
            invokedAt[p] = new long[(int)table.Cells(p).Length];
            Array.Fill(invokedAt[p], long.MaxValue);
        }
        foreach (ref readonly var e in history.InvocationArray.AsSpan())
        {
            ref var cell = ref table.Find(e.Id, out int producer);
            if (Unsafe.IsNullRef(ref cell)) continue;
            ref var at = ref invokedAt[producer][e.Id.Sequence];
            if (e.TimestampTicks < at) at = e.TimestampTicks;   // a re-invocation keeps the first time
        }

        long count = 0;
        foreach (var log in finalRead.PartitionArray)
        {
            // Per producer: the latest invocation time stored so far in this partition, and which record it was.
            var latest = new long[producers];
            var latestId = new MessageId[producers];
            var latestOffset = new long[producers];
            Array.Fill(latest, long.MinValue);
            var seen = new HashSet<MessageId>();
            foreach (ref readonly var record in log.RecordArray.AsSpan())
            {
                if (!record.IsDecoded) continue;
                var id = record.RawId;
                ref var cell = ref table.FindInvoked(id, out int producer);
                if (Unsafe.IsNullRef(ref cell) || !seen.Add(id)) continue;
                long invoked = invokedAt[producer][id.Sequence];
                int other = -1;
                for (int q = 0; q < producers; q++)
                {
                    if (q != producer && latest[q] > invoked && (other < 0 || latest[q] > latest[other])) other = q;
                }
                if (other >= 0)
                {
                    count++;
                    long gap = latest[other] - invoked;
                    if (examples.Count < maxExamples || gap > largestGap)
                    {
                        var example = new FindingExample(id, [log.Partition, log.Partition], [latestOffset[other], record.Offset],
                            $"{id} invoked at {Time(invoked)} stored at p{log.Partition}@{record.Offset}, after {latestId[other]} of another producer " +
                            $"invoked {TimeSpan.FromTicks(gap).TotalMilliseconds:0.###} ms later ({Time(latest[other])}) and stored at p{log.Partition}@{latestOffset[other]}");
                        if (examples.Count < maxExamples) examples.Add(example);
                        if (gap > largestGap) (largest, largestGap) = (example, gap);
                    }
                }
                if (invoked > latest[producer])
                {
                    latest[producer] = invoked;
                    latestId[producer] = id;
                    latestOffset[producer] = record.Offset;
                }
            }
        }
        if (largest is null) return (count, examples, null);
        examples.Remove(largest);
        if (examples.Count == maxExamples) examples.RemoveAt(examples.Count - 1);
        examples.Insert(0, largest);
        return (count, examples, $"largest lag: {largest.Id} landed behind a send of another producer invoked {TimeSpan.FromTicks(largestGap).TotalMilliseconds:0.###} ms after it");
    }

    private static string Time(long ticks) => new DateTimeOffset(ticks, TimeSpan.Zero).ToString("HH:mm:ss.fff");
}
