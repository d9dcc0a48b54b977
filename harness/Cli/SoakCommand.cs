using System.CommandLine;
using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Scenarios.Running;
using KafkaChaos.Soak;

namespace KafkaChaos.Cli;

/// <summary>
/// <c>chaos soak</c>: a long run with a seeded random fault schedule, checked against invariants. Exit code 0 when
/// every invariant held and every fault happened; 1 on a violation, an error or an inconclusive check; 2 on bad input;
/// 130 when interrupted (the cluster is stopped and the ledger kept).
/// </summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var duration = new Option<string>("--duration") { Description = "How long traffic and faults run, e.g. 60s, 10m.", Required = true };
        var seed = new Option<long?>("--seed") { Description = "The schedule's seed (default: drawn now and printed; the same seed replays the same schedule)." };
        var faults = new Option<string>("--faults")
        {
            Description = "Fault kinds to draw, comma-separated, each kind[:RATE/min][:MIN-MAX] (default 2/min, 3s-10s), e.g. leaderKill,stallReplicaFetch:1/min:5s-15s.",
            Required = true,
        };
        var invariants = new Option<string>("--invariants")
        {
            Description = "What must hold: noAckedLoss, noDuplicates, orderPerKey, nothingUnprocessed (comma-separated).",
            DefaultValueFactory = _ => "noAckedLoss",
        };
        var overlap = new Option<bool>("--overlap") { Description = "Let faults of different kinds coincide (default: one at a time, with time to recover between)." };
        var scenario = new Option<string?>("--config") { Description = "A scenario file whose cluster, topic, producers and consumers the soak runs (its faults and expectations are replaced)." };
        var acks = new Option<string?>("--acks") { Description = "Override every producer's acks: 0, 1 or all." };
        var minIsr = new Option<int?>("--min-isr") { Description = "Override min.insync.replicas." };
        var rate = new Option<int>("--rate") { Description = "Messages per second per producer when the configuration sets none (0: as fast as it can).", DefaultValueFactory = _ => 1000 };
        var output = new Option<string>("--out") { Description = "Report directory.", DefaultValueFactory = _ => "chaos-reports" };
        var verbose = new Option<bool>("--verbose") { Description = "Print the harness log." };
        var command = new Command("soak", "Run a long seeded soak: random faults from a replayable schedule, checked against invariants.");
        common.AddTo(command);
        foreach (var option in new Option[] { duration, seed, faults, invariants, overlap, scenario, acks, minIsr, rate, output, verbose }) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            SoakSettings settings;
            try
            {
                settings = await SettingsAsync(parse, duration, seed, faults, invariants, overlap, scenario, acks, minIsr, rate, cancellationToken);
            }
            catch (Exception ex) when (ex is ArgumentException or ScenarioLoadException or IOException)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }
            var options = new RunnerOptions
            {
                Cluster = common.ClusterOptions(parse),
                OutputDirectory = Path.GetFullPath(parse.GetValue(output)!),
                Log = parse.GetValue(verbose) ? Console.Error : TextWriter.Null,
                Progress = Throttled(TimeSpan.FromSeconds(10)),
            };
            try
            {
                var report = await SoakRun.RunAsync(settings, options, Console.Out, cancellationToken);
                return report.Verdict == Verdict.Passed ? 0 : 1;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 130;
            }
        });
        return command;
    }

    private static async Task<SoakSettings> SettingsAsync(ParseResult parse, Option<string> duration, Option<long?> seed, Option<string> faults, Option<string> invariants,
        Option<bool> overlap, Option<string?> scenario, Option<string?> acks, Option<int?> minIsr, Option<int> rate, CancellationToken cancellationToken)
    {
        if (!DurationText.TryParse(parse.GetValue(duration)!, out var ms) || ms < 1000)
            throw new ArgumentException($"--duration: '{parse.GetValue(duration)}' is not a duration of at least 1s (e.g. 60s, 10m).");
        if (parse.GetValue(rate) < 0) throw new ArgumentException("--rate must be 0 or more.");
        var baseScenario = parse.GetValue(scenario) is { } path ? await ScenarioLoader.LoadAsync(path, cancellationToken) : SoakBase.Default;
        if (parse.GetValue(acks) is { } a)
        {
            if (!AcksModes.TryParse(a, out var mode)) throw new ArgumentException($"--acks: '{a}' is not 0, 1 or all.");
            baseScenario = baseScenario with { Producers = baseScenario.Producers.Select(p => p with { Acks = mode }).ToList() };
        }
        if (parse.GetValue(minIsr) is { } isr)
        {
            if (isr < 1) throw new ArgumentException("--min-isr must be at least 1.");
            baseScenario = baseScenario with { Cluster = baseScenario.Cluster with { MinInsyncReplicas = isr } };
        }
        return new SoakSettings
        {
            DurationMs = ms,
            Seed = parse.GetValue(seed) ?? Random.Shared.NextInt64(1, 1_000_000),
            Faults = SoakFaultChoice.ParseList(parse.GetValue(faults)!),
            Invariants = SoakInvariants.Parse(parse.GetValue(invariants)!),
            Overlap = parse.GetValue(overlap),
            Base = baseScenario,
            RatePerSecond = parse.GetValue(rate),
        };
    }

    /// <summary>Progress on stderr: every phase change, and in the fault window at most once per <paramref name="every"/>.</summary>
    private static Action<RunProgress> Throttled(TimeSpan every)
    {
        var last = DateTime.MinValue;
        string? phase = null;
        return progress =>
        {
            var now = DateTime.UtcNow;
            if (progress.Phase == phase && now - last < every) return;
            (phase, last) = (progress.Phase, now);
            Console.Error.WriteLine($"  {progress}");
        };
    }
}
