using FsCheck;
using FsCheck.Fluent;
using KafkaChaos.Checkers;
using NUnit.Framework;

namespace KafkaChaos.Tests.Checkers;

/// <summary>The checker finds exactly the anomalies injected into generated histories.</summary>
internal sealed class CheckerPropertyTests
{
    private static readonly CheckOptions Consuming = new() { ConsumptionExpected = true };

    private static Gen<GeneratedRun> Runs(bool clean)
    {
        Gen<int> Anomalies() => clean ? Gen.Constant(0) : Gen.Choose(0, 6);
        return from seed in Gen.Choose(0, int.MaxValue)
               from producers in Gen.Choose(1, 3)
               from perProducer in Gen.Choose(0, 150)
               from partitions in Gen.Choose(1, 4)
               from fireAndForget in Gen.Elements(false, true)
               from drop in Anomalies()
               from fail in Gen.Choose(0, 6)
               from indeterminate in Gen.Choose(0, 6)
               from duplicate in Anomalies()
               from swap in Anomalies()
               from foreign in Anomalies()
               from undecodable in Anomalies()
               from reprocess in Anomalies()
               from skip in Anomalies()
               select new GeneratedRun(seed, producers, perProducer, partitions, fireAndForget && !clean,
                   drop, fail, indeterminate, duplicate, swap, foreign, undecodable, reprocess, skip);
    }

    private static Config Config => Config.QuickThrowOnFailure.WithMaxTest(150);

    [Test]
    public void Injected_anomalies_are_counted_exactly() =>
        Check.One(Config, Prop.ForAll(Runs(clean: false).ToArbitrary(), (GeneratedRun run) =>
        {
            var (history, finalRead, expected, truncated) = run.Build();
            var result = HistoryChecker.Check(history, finalRead, Consuming);
            long foundTruncated = result.Find(FindingKind.TruncatedAckedOffsets)?.Count ?? 0;
            bool ok = result.Counts == expected && foundTruncated == truncated;
            if (!ok)
            {
                TestContext.Out.WriteLine($"{run}\nexpected {expected}, truncated {truncated}\nactual   {result.Counts}, truncated {foundTruncated}");
            }
            return ok;
        }));

    [Test]
    public void Clean_histories_have_no_anomalies() =>
        Check.One(Config, Prop.ForAll(Runs(clean: true).ToArbitrary(), (GeneratedRun run) =>
        {
            var (history, finalRead, _, _) = run.Build();
            var result = HistoryChecker.Check(history, finalRead, Consuming);
            return !result.HasAnomalies && result.Counts.Sent == run.Producers * run.PerProducer;
        }));

    [Test]
    public void Every_count_has_examples_up_to_the_limit() =>
        Check.One(Config, Prop.ForAll(Runs(clean: false).ToArbitrary(), (GeneratedRun run) =>
        {
            var (history, finalRead, _, _) = run.Build();
            var result = HistoryChecker.Check(history, finalRead, new CheckOptions { ConsumptionExpected = true, MaxExamples = 4 });
            return result.Findings.All(f => f.Count > 0 && f.Examples.Count == Math.Min(4, f.Count));
        }));

    [Test]
    public void The_checker_is_a_pure_function() =>
        Check.One(Config.WithMaxTest(30), Prop.ForAll(Runs(clean: false).ToArbitrary(), (GeneratedRun run) =>
        {
            var (history, finalRead, _, _) = run.Build();
            var a = HistoryChecker.Check(history, finalRead, Consuming);
            var b = HistoryChecker.Check(history, finalRead, Consuming);
            return a.Counts == b.Counts
                && a.Findings.Select(f => (f.Kind, f.Count, string.Join("|", f.Examples.Select(e => e.Detail))))
                    .SequenceEqual(b.Findings.Select(f => (f.Kind, f.Count, string.Join("|", f.Examples.Select(e => e.Detail)))));
        }));
}
