using System.Diagnostics;
using System.Runtime.CompilerServices;
using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// Measures the checker and the ledger on a generated run and prints the figures; no assertions (speed is
/// machine-dependent). First the run on disk, streamed (<see cref="OnDiskCheckerBenchmark"/>; target: 10 million IDs
/// in ≤ 3 s and ≤ 512 MiB peak), then the same run in memory.
/// </summary>
internal static class CheckerBenchmark
{
    /// <summary>Default number of IDs (10 million).</summary>
    public const long DefaultIds = 10_000_000;

    /// <summary>Ledger write/load is measured on at most this many IDs (2 million), to spare the shared disk.</summary>
    public const long MaxLedgerIds = 2_000_000;

    /// <summary>Fewest IDs the generator can place its anomalies in (10,000).</summary>
    public const long MinimumIds = 10_000;

    private const int Producers = 4;
    private const int Partitions = 6;

    /// <summary>
    /// Generates <paramref name="ids"/> sent, acked, consumed and processed IDs with a few anomalies, checks them,
    /// then writes and loads a ledger of up to <see cref="MaxLedgerIds"/> IDs, printing figures to <paramref name="output"/>.
    /// </summary>
    public static async Task RunAsync(TextWriter output, long ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(ids, MinimumIds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ids, int.MaxValue);

        // The on-disk run first, in a process that has not yet held a history in memory, so its peak is the checker's.
        var onDisk = await OnDiskCheckerBenchmark.RunAsync(output, ids, cancellationToken).ConfigureAwait(false);
        // The ledger next, while the heap is empty, so its in-memory size can be measured.
        await MeasureLedgerAsync(output, Math.Min(ids, MaxLedgerIds), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"checker benchmark: {ids:N0} IDs, {Producers} producers, {Partitions} partitions, server GC {System.Runtime.GCSettings.IsServerGC}, {Environment.ProcessorCount} CPUs");
        var sw = Stopwatch.StartNew();
        var (history, finalRead, injected) = Generate((int)ids);
        await output.WriteLineAsync($"generate: {sw.Elapsed.TotalSeconds:F2} s; injected {injected}");
        long historyBytes = (long)history.InvocationArray.Length * Unsafe.SizeOf<SendInvoked>()
            + (long)history.CompletionArray.Length * Unsafe.SizeOf<SendCompleted>()
            + (long)history.ConsumedArray.Length * Unsafe.SizeOf<Consumed>()
            + (long)history.ProcessedArray.Length * Unsafe.SizeOf<Processed>()
            + finalRead.RecordCount * Unsafe.SizeOf<LogRecord>();
        await output.WriteLineAsync($"in-memory input: {Mb(historyBytes)} MiB (per ID: invoked {Unsafe.SizeOf<SendInvoked>()} B, completed {Unsafe.SizeOf<SendCompleted>()} B, consumed {Unsafe.SizeOf<Consumed>()} B, processed {Unsafe.SizeOf<Processed>()} B, log record {Unsafe.SizeOf<LogRecord>()} B)");
        cancellationToken.ThrowIfCancellationRequested();

        // Three runs: the machine is shared, so the best run is the checker's speed and the spread is the noise.
        CheckResult result = null!;
        var times = new List<double>();
        for (int run = 0; run < 3; run++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            long heapBefore = GC.GetTotalMemory(forceFullCollection: false);
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            sw.Restart();
            result = HistoryChecker.Check(history, finalRead, new CheckOptions { ConsumptionExpected = true });
            var checkTime = sw.Elapsed;
            times.Add(checkTime.TotalSeconds);
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            long heapAfter = GC.GetTotalMemory(forceFullCollection: false);
            await output.WriteLineAsync($"check #{run + 1}: {checkTime.TotalSeconds:F2} s ({ids / checkTime.TotalSeconds / 1e6:F1} M IDs/s); allocated by the check {Mb(allocated)} MiB; heap {Mb(heapBefore)} -> {Mb(heapAfter)} MiB");
            cancellationToken.ThrowIfCancellationRequested();
        }
        await output.WriteLineAsync($"check best {times.Min():F2} s, worst {times.Max():F2} s; process peak working set (generation included) {Mb(Process.GetCurrentProcess().PeakWorkingSet64)} MiB");
        await output.WriteLineAsync($"counts: {result.Counts}");
        await output.WriteLineAsync(onDisk == result.Counts ? "on-disk and in-memory counts agree" : "on-disk and in-memory counts DIFFER");
        await output.WriteLineAsync("findings: " + string.Join(", ", result.Findings.Select(f => $"{f.Kind}={f.Count}")));
    }

    private static async Task MeasureLedgerAsync(TextWriter output, long ids, CancellationToken cancellationToken)
    {
        string dir = Path.Combine(Path.GetTempPath(), "kchaos-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            const int batch = 100;
            var sw = Stopwatch.StartNew();
            using (var producer = HistoryWriter.Create(dir, "producer-0", TimeProvider.System))
            using (var consumer = HistoryWriter.Create(dir, "consumer-0", TimeProvider.System))
            {
                var ids_ = new MessageId[batch];
                for (long start = 0; start < ids; start += batch)
                {
                    int n = (int)Math.Min(batch, ids - start);
                    for (int i = 0; i < n; i++)
                    {
                        ids_[i] = new MessageId(0, start + i);
                    }
                    producer.RecordInvocations(ids_.AsSpan(0, n), resultIgnored: false);
                    for (int i = 0; i < n; i++)
                    {
                        producer.RecordCompletion(ids_[i], SendOutcome.Ok(0, start + i));
                    }
                    for (int i = 0; i < n; i++)
                    {
                        consumer.RecordConsumed(ids_[i], 0, start + i, 1, 1);
                    }
                    for (int i = 0; i < n; i++)
                    {
                        consumer.RecordProcessed(ids_[i], 0, start + i, 1);
                    }
                    consumer.RecordCommitted(1, 0, start + n);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            var writeTime = sw.Elapsed;
            long records = ids * 4 + (ids + batch - 1) / batch;
            long bytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
            await output.WriteLineAsync($"ledger write: {ids:N0} IDs, {records:N0} records, {Mb(bytes)} MiB ({(double)bytes / records:F1} B/record) in {writeTime.TotalSeconds:F2} s = {records / writeTime.TotalSeconds / 1e6:F2} M records/s (invocations in batches of {batch}; processed flushed per record)");

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            long heapBefore = GC.GetTotalMemory(forceFullCollection: false);
            sw.Restart();
            var history = await RunHistory.LoadAsync(dir, cancellationToken).ConfigureAwait(false);
            var loadTime = sw.Elapsed;
            long loaded = history.Streams.Sum(s => s.Records);
            long heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            await output.WriteLineAsync($"ledger load: {loaded:N0} records in {loadTime.TotalSeconds:F2} s = {loaded / loadTime.TotalSeconds / 1e6:F2} M records/s; loaded history holds {Mb(heapAfter - heapBefore)} MiB ({(double)(heapAfter - heapBefore) / loaded:F1} B/record)");
            GC.KeepAlive(history);
            history = null!; // a hoisted local: clear it, or the finished state machine keeps the history alive
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

    /// <summary>A clean run (round-robin over producers, sequence-keyed partitions) with a few anomalies of each kind.</summary>
    private static (RunHistory History, FinalRead FinalRead, string Injected) Generate(int ids)
    {
        const int dropped = 10, duplicated = 10, swapped = 5, foreign = 3, unprocessed = 7, reprocessed = 4;
        long ticks = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        long tickStep = TimeSpan.TicksPerSecond / 100_000; // 100k messages a second
        var builder = new HistoryBuilder(ids);
        int unprocessedStride = ids / unprocessed;
        var logs = new LogRecord[Partitions][];
        var counts = new int[Partitions];
        for (int p = 0; p < Partitions; p++)
        {
            logs[p] = new LogRecord[ids / Partitions + 2 * Producers + duplicated + foreign];
        }
        for (int n = 0; n < ids; n++)
        {
            var id = new MessageId(n % Producers, n / Producers);
            int partition = (int)(id.Sequence % Partitions);
            long offset = counts[partition];
            ticks += tickStep;
            builder.Add(new SendInvoked(ticks, id, false));
            builder.Add(new SendCompleted(ticks, id, SendOutcome.Ok(partition, offset)));
            logs[partition][counts[partition]++] = new LogRecord(offset, id);
            if (n % unprocessedStride != 17 || n / unprocessedStride >= unprocessed)
            {
                builder.Add(new Consumed(ticks, id, partition, offset, 1, 1));
                builder.Add(new Processed(ticks, id, partition, offset, 1));
            }
        }
        var logRecords = logs[0];
        // Each kind of anomaly gets its own tenth of partition 0, so they never touch each other.
        int tenth = counts[0] / 10;
        int Place(int section, int i, int of) => section * tenth + i * (tenth / of);
        // Drop: blank out acked records (the final read skips them); duplicate; swap neighbours of one producer.
        for (int i = 0; i < dropped; i++)
        {
            logRecords[Place(1, i, dropped)] = default;
        }
        int count0 = counts[0];
        for (int i = 0; i < duplicated; i++)
        {
            var copy = logRecords[Place(3, i, duplicated)];
            logRecords[counts[0]] = new LogRecord(counts[0], copy.Id);
            counts[0]++;
        }
        for (int i = 0; i < swapped; i++)
        {
            // Records k and k + Producers in partition 0 belong to the same producer (round-robin).
            int k = Place(5, i, swapped);
            var (a, b) = (logRecords[k], logRecords[k + Producers]);
            logRecords[k] = new LogRecord(a.Offset, b.Id);
            logRecords[k + Producers] = new LogRecord(b.Offset, a.Id);
        }
        for (int i = 0; i < foreign; i++)
        {
            logRecords[counts[0]] = new LogRecord(counts[0], new MessageId(999, i));
            counts[0]++;
        }
        for (int i = 0; i < reprocessed; i++)
        {
            var r = logRecords[Place(7, i, reprocessed)];
            builder.Add(new Processed(ticks, r.Id!.Value, 0, r.Offset, 2));
        }
        var final = new FinalReadBuilder("bench");
        for (int p = 0; p < Partitions; p++)
        {
            for (int i = 0; i < counts[p]; i++)
            {
                var record = logs[p][i];
                if (p == 0 && i < count0 && record.Offset == 0 && i != 0)
                {
                    continue; // dropped
                }
                final.Add(p, record.Offset, record.Id);
            }
            logs[p] = [];
        }
        return (builder.Build("bench"), final.Build(),
            $"acked-lost {dropped}, duplicates {duplicated}, reorders {swapped}, unexpected {foreign}, unprocessed {unprocessed} (fewer if one of them is also lost), duplicate processing {reprocessed}");
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);
}
