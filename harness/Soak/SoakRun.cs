using KafkaChaos.Checkers;
using KafkaChaos.History;
using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Scenarios.Running;

namespace KafkaChaos.Soak;

/// <summary>
/// One soak: draws and prints the schedule, runs it as a scenario (same phases, evidence rules and reports as a
/// claim), samples the harness process throughout, then finds the first violation and writes soak.json and soak.md.
/// </summary>
internal static class SoakRun
{
    /// <summary>Runs the soak. Cancelling it stops the workers, heals the faults and stops the cluster, then throws.</summary>
    public static async Task<SoakReport> RunAsync(SoakSettings settings, RunnerOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var schedule = SoakSchedule.Draw(settings.Seed, settings.DurationMs, settings.Faults, settings.Overlap,
            settings.Base.Cluster.Brokers, settings.Base.Topic.Partitions, settings.Base.ConsumerWorkers);
        var scenario = SoakBase.ToScenario(settings, schedule);
        output.WriteLine($"soak: seed {settings.Seed}, {settings.DurationMs / 1000.0:0.#} s, {schedule.Faults.Count} fault(s){(settings.Overlap ? ", overlapping" : ", one at a time")}; replay with --seed {settings.Seed}");
        foreach (var line in schedule.Describe()) output.WriteLine($"  {line}");

        var directory = Path.Combine(options.OutputDirectory, scenario.Name);
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(settings.DurationMs / 30, 1000, 30_000));
        var descriptorsAtStart = ResourceSampler.FileDescriptorKinds();
        var sampler = new ResourceSampler(interval, sample => output.WriteLine($"  harness: {sample}"));
        ScenarioOutcome outcome;
        try
        {
            await using var runner = new ScenarioRunner(options);
            outcome = await runner.RunAsync(scenario, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await sampler.DisposeAsync();
            output.WriteLine($"soak: interrupted; workers stopped, faults healed, cluster stopped. The ledger so far is in {ScenarioRunner.LedgerDirectory(options.OutputDirectory, scenario.Name)}.");
            throw;
        }
        await sampler.DisposeAsync();

        var ledger = ScenarioRunner.LedgerDirectory(options.OutputDirectory, scenario.Name);
        var ledgerBytes = Directory.Exists(ledger) ? Directory.GetFiles(ledger, "*" + HistoryFormat.FileExtension).Sum(f => new FileInfo(f).Length) : 0;
        var report = new SoakReport
        {
            Seed = settings.Seed,
            DurationMs = settings.DurationMs,
            FaultChoices = settings.Faults.Select(f => f.ToString()).ToList(),
            Invariants = settings.Invariants.Select(i => ScenarioKeys.EnumText(i)).ToList(),
            Overlap = settings.Overlap,
            Schedule = schedule.Describe().ToList(),
            Planned = schedule.Faults,
            Windows = outcome.Timeline.FaultWindows,
            Verdict = outcome.Verdict,
            Error = outcome.Error,
            Kafka = Describe(outcome),
            Counts = outcome.Counts,
            Timeline = outcome.Faults,
            FirstViolation = outcome.Verdict == Verdict.Failed ? await FirstViolationAsync(ledger, settings, cancellationToken) : null,
            Resources = sampler.Samples,
            DescriptorsAtStart = descriptorsAtStart,
            DescriptorsAtEnd = ResourceSampler.FileDescriptorKinds(),
            LedgerBytes = ledgerBytes,
            LedgerBytesPerMessage = outcome.Counts.Sent == 0 ? 0 : ledgerBytes / (double)outcome.Counts.Sent,
        };
        var markdown = await SoakReportWriter.WriteAsync(report, directory, cancellationToken);
        output.WriteLine($"soak: {report.Verdict.ToString().ToLowerInvariant()}{(report.Error is null ? "" : $": {report.Error}")}; sent {report.Counts.Sent}, acked {report.Counts.Acked}, acked lost {report.Counts.AckedLost}, duplicates {report.Counts.DuplicatesInLog}");
        if (report.FirstViolation is { } first)
        {
            output.WriteLine($"soak: first violation: {first.Invariant} ({first.Count} message(s)) at {first.AtSeconds:0.0} s; e.g. {first.Examples.FirstOrDefault()}");
            foreach (var fault in first.Faults) output.WriteLine($"  {fault.Name} {fault.Relation}: {fault.Detail}");
        }
        output.WriteLine($"soak: file descriptors at start {Kinds(report.DescriptorsAtStart)}; at end {Kinds(report.DescriptorsAtEnd)}");
        output.WriteLine($"soak: ledger {ledgerBytes / 1048576.0:0.0} MiB ({report.LedgerBytesPerMessage:0.0} B per message); report {markdown}");
        return report;
    }

    private static async Task<SoakViolation?> FirstViolationAsync(string ledger, SoakSettings settings, CancellationToken cancellationToken)
    {
        var finalReadPath = Path.Combine(ledger, FinalReadFile.FileName);
        if (!File.Exists(finalReadPath)) return null;
        // The run's own check kept the usual few examples; the first violation is looked for among more, streamed again.
        var result = await HistoryChecker.CheckFilesAsync(ledger, finalReadPath,
            new CheckOptions { ConsumptionExpected = settings.Base.ConsumerWorkers > 0, MaxExamples = SoakViolations.Examples }, cancellationToken);
        return await SoakViolations.FirstAsync(result, ledger, settings.Invariants, cancellationToken);
    }

    private static string Kinds(IReadOnlyList<KeyValuePair<string, int>> kinds) => string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}"));

    private static string Describe(ScenarioOutcome outcome)
    {
        var broker = outcome.Settings.Broker;
        var backend = broker.GetValueOrDefault("cluster.backend");
        var source = broker.GetValueOrDefault("cluster.source");
        return backend is null ? outcome.KafkaVersion : $"{outcome.KafkaVersion} ({backend}: {source})";
    }
}
