using KafkaChaos.Checkers;
using KafkaChaos.History;
using KafkaChaos.Tests.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.Checkers;

/// <summary>The streaming check of a run on disk gives exactly what the in-memory check of the loaded run gives.</summary>
internal sealed class StreamingCheckerTests
{
    private const int Runs = 200;

    /// <summary>Chunks of a few records, so the passes read many segments and the evidence pass skips most chunks.</summary>
    private const long TinyChunks = 96;

    [Test]
    public async Task Streaming_and_in_memory_checks_agree_on_random_runs()
    {
        int baseSeed = Environment.TickCount;
        TestContext.Out.WriteLine($"base seed {baseSeed} (run i uses base + i)");
        var seen = new Dictionary<FindingKind, int>();
        for (int i = 0; i < Runs; i++)
        {
            int seed = unchecked(baseSeed + i);
            using var dir = new TempDirectory();
            var options = await RandomRun.WriteAsync(seed, dir.Path);
            var history = await RunHistory.LoadAsync(dir.Path);
            var finalRead = await FinalReadFile.LoadAsync(Path.Combine(dir.Path, FinalReadFile.FileName));

            var legacy = new LegacyCheckRun(history, finalRead, options).Execute();
            var inMemory = HistoryChecker.Check(history, finalRead, options);
            var streamed = await HistoryChecker.CheckRunDirectoryAsync(dir.Path, options);
            var inChunks = await HistoryChecker.CheckRunDirectoryAsync(dir.Path, options with { LedgerChunks = (TinyChunks, 2) });

            Assert.That(Describe(inMemory), Is.EqualTo(Describe(legacy)), $"seed {seed}: in memory vs legacy");
            Assert.That(Describe(streamed), Is.EqualTo(Describe(legacy)), $"seed {seed}: streamed vs legacy");
            Assert.That(Describe(inChunks), Is.EqualTo(Describe(legacy)), $"seed {seed}: streamed in {TinyChunks}-byte chunks, the evidence pass skipping, vs legacy");
            foreach (var f in legacy.Findings)
            {
                seen[f.Kind] = seen.GetValueOrDefault(f.Kind) + 1;
            }
        }
        // Every kind of finding must have come up, or the runs are too tame to compare anything.
        TestContext.Out.WriteLine("runs per finding: " + string.Join(", ", seen.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}")));
        Assert.That(seen.Keys, Is.EquivalentTo(Enum.GetValues<FindingKind>()));
    }

    /// <summary>Everything a result says, as text, so a difference shows where it is.</summary>
    private static string Describe(CheckResult r)
    {
        var lines = new List<string> { r.Counts.ToString(), $"range {r.TimeRange}" };
        lines.AddRange(r.FailuresByErrorCode.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"failures {f.Key}={f.Value}"));
        lines.Add($"series from {r.Series.Start:O}: sends {string.Join(",", r.Series.Sends)} acks {string.Join(",", r.Series.Acks)} " +
            $"failures {string.Join(",", r.Series.Failures)} indeterminate {string.Join(",", r.Series.Indeterminate)} consumed {string.Join(",", r.Series.Consumed)}");
        foreach (var f in r.Findings)
        {
            lines.Add($"{f.Kind} anomaly={f.IsAnomaly} count={f.Count} summary={f.Summary} ({f.Description})");
            lines.AddRange(f.Examples.Select(e => $"  {e.Id} [{string.Join(",", e.Partitions)}] [{string.Join(",", e.Offsets)}] {e.Detail}"));
        }
        return string.Join("\n", lines);
    }
}
