using System.Diagnostics;
using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// The checker benchmark on a run written to disk (<see cref="HistoryChecker.CheckRunDirectoryAsync"/>): the same
/// clean run with the same injected anomalies as <see cref="CheckerBenchmark"/>, generated straight into ledger
/// files and a final read without holding it, so the process's peak working set during the check is the checker's.
/// Prints figures; no assertions.
/// </summary>
internal static class OnDiskCheckerBenchmark
{
    private const int Producers = 4;
    private const int Partitions = 6;
    private const int Dropped = 10, Duplicated = 10, Swapped = 5, Foreign = 3, Unprocessed = 7, Reprocessed = 4;
    private const int Block = 4096;
    private const int Runs = 3;

    /// <summary>Generates <paramref name="ids"/> IDs on disk (a temporary directory, deleted afterwards), checks them three times, prints figures.</summary>
    /// <returns>The counts, to compare with the in-memory check of the same run.</returns>
    public static async Task<CheckCounts> RunAsync(TextWriter output, long ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(ids, CheckerBenchmark.MinimumIds);
        string dir = Path.Combine(Path.GetTempPath(), "kchaos-bench-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var sw = Stopwatch.StartNew();
            await Task.Run(() => Write(dir, ids, cancellationToken), cancellationToken).ConfigureAwait(false);
            long bytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
            // A real check reads a finished run, long since written back: the write-back of the fresh files stays out of the figures.
            foreach (var file in Directory.GetFiles(dir))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
                stream.Flush(flushToDisk: true);
            }
            await output.WriteLineAsync($"on-disk run: {ids:N0} IDs, {Producers} producer ledgers + 2 consumer ledgers + final read = {Mb(bytes)} MiB, written in {sw.Elapsed.TotalSeconds:F1} s");

            // Three checks: the first includes compiling the checker; the machine is shared, so the best is its speed.
            CheckResult result = null!;
            var times = new List<double>();
            for (int run = 1; run <= Runs; run++)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                bool reset = TryResetPeakWorkingSet();
                long before = Process.GetCurrentProcess().WorkingSet64;
                long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                sw.Restart();
                result = await HistoryChecker.CheckRunDirectoryAsync(dir, new CheckOptions { ConsumptionExpected = true }, cancellationToken).ConfigureAwait(false);
                var time = sw.Elapsed;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                times.Add(time.TotalSeconds);
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                long peak = Process.GetCurrentProcess().PeakWorkingSet64;
                await output.WriteLineAsync(
                    $"on-disk check #{run}: {time.TotalSeconds:F2} s ({ids / time.TotalSeconds / 1e6:F1} M IDs/s, CPU {cpu.TotalSeconds:F2} s); allocated by the check {Mb(allocated)} MiB ({(double)allocated / ids:F1} B/ID); " +
                    $"process peak working set {Mb(peak)} MiB, {Mb(peak - before)} MiB above the {Mb(before)} MiB before the check ({(double)(peak - before) / ids:F1} B/ID)" +
                    (reset ? "" : " (peak could not be reset: generation and earlier tests included)"));
            }
            await output.WriteLineAsync($"on-disk check best {times.Min():F2} s, worst {times.Max():F2} s; {Environment.ProcessorCount} CPUs; load average {LoadAverage()}");
            await output.WriteLineAsync($"on-disk counts: {result.Counts}");
            await output.WriteLineAsync("on-disk findings: " + string.Join(", ", result.Findings.Select(f => $"{f.Kind}={f.Count}")));
            await output.WriteLineAsync(
                $"  ({FindingKind.CrossProducerReordered}, a report, not an anomaly, differs from the in-memory run's: here each producer writes its " +
                "invocations of a block in turn on the wall clock, so a producer's later sends are often invoked before another's earlier ones)");
            return result.Counts;
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    /// <summary>Linux: writing 5 to <c>/proc/self/clear_refs</c> resets the peak resident set size (VmHWM).</summary>
    private static bool TryResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The run of <see cref="CheckerBenchmark"/>: ID n is sequence n / 4 of producer n % 4, stored in partition
    /// sequence % 6 at the next offset, consumed and processed by consumer 1; the anomalies sit in partition 0.
    /// </summary>
    private static void Write(string dir, long ids, CancellationToken cancellationToken)
    {
        var counts = new long[Partitions];
        for (int p = 0; p < Partitions; p++)
        {
            counts[p] = RecordsIn(p, ids);
        }
        var partition0 = new Partition0(counts[0]);
        long unprocessedStride = ids / Unprocessed;
        var producers = Enumerable.Range(0, Producers).Select(p => HistoryWriter.Create(dir, $"producer-{p}", TimeProvider.System)).ToArray();
        var consumer = HistoryWriter.Create(dir, "consumer-0", TimeProvider.System);
        try
        {
            var next = new long[Partitions];
            var batch = new MessageId[Block / Producers + 1];
            var offsets = new long[Block];
            for (long start = 0; start < ids; start += Block)
            {
                int n = (int)Math.Min(Block, ids - start);
                for (int i = 0; i < n; i++)
                {
                    long sequence = (start + i) / Producers;
                    offsets[i] = next[sequence % Partitions]++;
                }
                for (int p = 0; p < Producers; p++)
                {
                    int count = 0;
                    for (int i = p; i < n; i += Producers)
                    {
                        batch[count++] = new MessageId(p, (start + i) / Producers);
                    }
                    producers[p].RecordInvocations(batch.AsSpan(0, count), resultIgnored: false);
                    for (int i = p, b = 0; i < n; i += Producers, b++)
                    {
                        producers[p].RecordCompletion(batch[b], SendOutcome.Ok((int)(batch[b].Sequence % Partitions), offsets[i]));
                    }
                }
                for (int i = 0; i < n; i++)
                {
                    long at = start + i;
                    if (at % unprocessedStride == 17 && at / unprocessedStride < Unprocessed)
                    {
                        continue;
                    }
                    var id = new MessageId((int)(at % Producers), at / Producers);
                    int partition = (int)(id.Sequence % Partitions);
                    consumer.RecordConsumed(id, partition, offsets[i], 1, 1);
                    consumer.RecordProcessed(id, partition, offsets[i], 1);
                }
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            foreach (var writer in producers) writer.Dispose();
            consumer.Dispose();
        }
        using (var redelivered = HistoryWriter.Create(dir, "consumer-1", TimeProvider.System))
        {
            for (int i = 0; i < Reprocessed; i++)
            {
                long j = partition0.Place(7, i, Reprocessed);
                redelivered.RecordProcessed(IdAt(0, j), 0, j, 2);
            }
        }

        using var final = FinalReadWriter.Create(Path.Combine(dir, FinalReadFile.FileName), "bench", Partitions);
        for (int p = 0; p < Partitions; p++)
        {
            if (p != 0)
            {
                final.BeginPartition(p, counts[p]);
                for (long j = 0; j < counts[p]; j++)
                {
                    final.Add(j, IdAt(p, j));
                }
                final.EndPartition([]);
                continue;
            }
            final.BeginPartition(0, counts[0] - Dropped + Duplicated + Foreign);
            for (long j = 0; j < counts[0]; j++)
            {
                if (!partition0.IsDropped(j))
                {
                    final.Add(j, IdAt(0, partition0.SwappedWith(j)));
                }
            }
            for (int i = 0; i < Duplicated; i++)
            {
                final.Add(counts[0] + i, IdAt(0, partition0.Place(3, i, Duplicated)));
            }
            for (int i = 0; i < Foreign; i++)
            {
                final.Add(counts[0] + Duplicated + i, new MessageId(999, i));
            }
            final.EndPartition([]);
            cancellationToken.ThrowIfCancellationRequested();
        }
        final.Complete([]);
    }

    /// <summary>The j-th record of partition p: sequences p, p + 6, p + 12... each of producers 0..3 in turn.</summary>
    private static MessageId IdAt(int partition, long j) => new((int)(j % Producers), partition + j / Producers * Partitions);

    private static long RecordsIn(int partition, long ids)
    {
        long sequences = (ids + Producers - 1) / Producers; // sequence s exists for producers with s * 4 + producer < ids
        long count = 0;
        for (long s = partition; s < sequences; s += Partitions)
        {
            count += Math.Min(Producers, ids - s * Producers);
        }
        return count;
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);

    /// <summary>Where the anomalies of partition 0 sit: each kind in its own tenth, as in <see cref="CheckerBenchmark"/>.</summary>
    private sealed class Partition0(long records)
    {
        private readonly long _tenth = records / 10;

        public long Place(int section, int i, int of) => section * _tenth + i * (_tenth / of);

        public bool IsDropped(long j)
        {
            for (int i = 0; i < Dropped; i++)
            {
                if (Place(1, i, Dropped) == j) return true;
            }
            return false;
        }

        /// <summary>Records k and k + 4 (the same producer) are swapped.</summary>
        public long SwappedWith(long j)
        {
            for (int i = 0; i < Swapped; i++)
            {
                long k = Place(5, i, Swapped);
                if (j == k) return k + Producers;
                if (j == k + Producers) return k;
            }
            return j;
        }
    }
}
