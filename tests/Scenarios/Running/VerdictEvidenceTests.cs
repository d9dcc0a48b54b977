using KafkaChaos.Reports;
using KafkaChaos.Scenarios;
using KafkaChaos.Scenarios.Running;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios.Running;

/// <summary>
/// Mutations of real scenario files that load but cannot produce their evidence at run time, on a real cluster: each
/// must end in <see cref="Verdict.Error"/> naming the fault and the reason (in report.json too), never in passed.
/// </summary>
[TestFixture, Category("Integration"), NonParallelizable]
internal sealed class VerdictEvidenceTests
{
    private static readonly string OutputDirectory = Path.Combine(AppContext.BaseDirectory, "verdict-evidence");
    private ScenarioRunner _runner = null!;

    [OneTimeSetUp]
    public void CreateRunner() => _runner = new ScenarioRunner(new RunnerOptions { OutputDirectory = OutputDirectory, Log = TestLog.Progress });

    [OneTimeTearDown]
    public async Task DisposeRunnerAsync()
    {
        if (_runner is not null) await _runner.DisposeAsync();
    }

    private static Scenario Mutated(string name, string original, string replacement)
    {
        var text = File.ReadAllText(Path.Combine(ScenarioFiles.Directory, name + ".yaml"));
        Assert.That(text, Does.Contain(original), $"{name}.yaml changed: the mutation no longer applies");
        return ScenarioLoader.Parse(text.Replace(original, replacement), name + ".yaml");
    }

    private async Task<ScenarioOutcome> RunAsync(Scenario scenario)
    {
        var outcome = await _runner.RunAsync(scenario);
        TestContext.Out.WriteLine($"{scenario.Name}: {outcome.Verdict}: {outcome.Error}");
        foreach (var fault in outcome.Faults) TestContext.Out.WriteLine($"  {fault} injected {fault.InjectedAtMs} healed {fault.HealedAtMs} brokers [{string.Join(",", fault.Brokers)}] uses {fault.Uses}");
        return outcome;
    }

    [Test]
    public async Task A_fault_whose_trigger_is_never_reached_makes_the_verdict_an_error()
    {
        // acks=all with stalled followers never reaches 500 acks: the leader kill never happens.
        var outcome = await RunAsync(Mutated("b3-acks-all-minisr2", "at: { afterSends: 100 }", "at: { afterAcks: 500 }"));
        Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Error));
        Assert.That(outcome.Error, Does.Contain("kill-leader"));
        var kill = outcome.Faults.Single(f => f.Name == "kill-leader");
        Assert.That((kill.Status, kill.InjectedAtMs), Is.EqualTo((FaultEvidence.Failed, (long?)null)));
        Assert.That(kill.Reason, Is.Not.Null.And.Not.Empty);
        var json = await File.ReadAllTextAsync(ScenarioReportWriter.PathFor(OutputDirectory, outcome));
        Assert.That(json, Does.Contain("\"verdict\": \"error\"").And.Contain("kill-leader"));

        var stall = outcome.Faults.Single(f => f.Name == "stall-followers");
        Assert.That(stall.Status, Is.EqualTo(FaultEvidence.Happened), "the stall did happen and says so");
        Assert.That(stall.Brokers, Has.Count.EqualTo(2));
        Assert.That(stall.Uses, Is.GreaterThan(0));
        Assert.That(stall.Isr, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task An_optional_fault_that_does_not_happen_is_reported_as_skipped()
    {
        var outcome = await RunAsync(Mutated("b3-acks-all-minisr2", "at: { afterSends: 100 }", "at: { afterAcks: 500 }\n    optional: true"));
        Assert.That(outcome.Error ?? "", Does.Not.Contain("kill-leader"));
        Assert.That(outcome.Faults.Single(f => f.Name == "kill-leader").Status, Is.EqualTo(FaultEvidence.Skipped));
    }

    [Test]
    public async Task A_Kafka_toxic_that_never_bites_makes_the_verdict_an_error()
    {
        // The cut waits for all 1000 acks: nothing is sent while the toxic is present.
        var outcome = await RunAsync(Mutated("d1-retry-duplicates", "at: { afterAcks: 100 }", "at: { afterAcks: 1000 }"));
        Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Error));
        Assert.That(outcome.Error, Does.Contain("cut-after-append"));
    }

    [Test]
    public async Task A_one_at_a_time_fault_whose_predecessor_never_heals_makes_the_verdict_an_error()
    {
        // As a soak schedules them: the second blip waits for the first to heal, which only the heal phase does.
        var scenario = ScenarioLoader.Load(Path.Combine(ScenarioFiles.Directory, "p4-retry-backoff-long.yaml"));
        var first = scenario.Faults.Single() with { Heal = Trigger.AtHealPhase };
        var second = first with { Name = "second-blip", AfterHealOf = first.Name };
        var outcome = await RunAsync(scenario with { Name = "p4-serial-never-healed", Faults = [first, second] });

        Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Error));
        Assert.That(outcome.Error, Does.Contain("second-blip").And.Contain($"still waiting for {first.Name} to heal"));
        Assert.That(outcome.Faults.Single(f => f.Name == first.Name).Status, Is.EqualTo(FaultEvidence.Happened));
        Assert.That(outcome.Faults.Single(f => f.Name == "second-blip").InjectedAtMs, Is.Null);
    }

    [Test]
    public async Task A_worker_killed_outside_the_schedule_makes_the_verdict_an_error()
    {
        // C3 without its planned crash: the consumer child is SIGKILLed from outside once it has processed records.
        var scenario = Mutated("c3-manual-commit-duplicates", CrashConsumerFault, "faults: []\n") with { Name = "c3-unplanned-death" };
        var ledger = Path.Combine(OutputDirectory, scenario.Name, "ledger");
        using var stop = new CancellationTokenSource();
        var killer = KillConsumerChildAsync(ledger, stop.Token);
        var outcome = await RunAsync(scenario);
        await stop.CancelAsync();
        var killed = await killer;

        Assert.That(killed, Is.Not.Null, "the consumer child was found and killed");
        Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Error));
        Assert.That(outcome.Error, Does.Contain("consumer-0"));
        var json = await File.ReadAllTextAsync(ScenarioReportWriter.PathFor(OutputDirectory, outcome));
        Assert.That(json, Does.Contain("\"verdict\": \"error\"").And.Contain("consumer-0"));
    }

    [Test]
    public async Task A_consumer_crash_aimed_at_a_group_kills_a_member_of_that_group()
    {
        // C3 with a second group g2 (consumer 1) and the crash aimed at g2: consumer-1 dies, never consumer-0 of c3.
        const string SecondGroup = "  - group: g2\n    properties: { session.timeout.ms: \"6000\" }\n    commit: manualSync\n" +
                                   "    commitEvery: batch\n    maxPollRecords: 100\n    processingMs: 1\n    process: child\n";
        var text = File.ReadAllText(Path.Combine(ScenarioFiles.Directory, "c3-manual-commit-duplicates.yaml"));
        Assert.That(text, Does.Contain("    process: child\nfaults:").And.Contain("target: { consumer: 0 }"), "c3 changed: the mutation no longer applies");
        var scenario = ScenarioLoader.Parse(text
            .Replace("    process: child\nfaults:", "    process: child\n" + SecondGroup + "faults:")
            .Replace("target: { consumer: 0 }", "target: { group: g2 }"), "c3-group-target.yaml") with { Name = "c3-group-target" };
        Assert.That(scenario.Consumers.Select(c => c.Group), Is.EqualTo(new[] { "c3", "g2" }));

        var outcome = await RunAsync(scenario);
        var crash = outcome.Faults.Single(f => f.Name == "crash-consumer");
        Assert.That(crash.Status, Is.EqualTo(FaultEvidence.Happened), crash.ToString());
        Assert.That(crash.Description, Does.Contain("killed consumer-1").And.Not.Contain("consumer-0"));
        Assert.That(outcome.Verdict, Is.Not.EqualTo(Verdict.Error), outcome.Error);
    }

    private const string CrashConsumerFault = """
        faults:
          - name: crash-consumer
            fault: consumerCrash
            target: { consumer: 0 }
            at: { whenProcessingAheadOfCommit: 50 }
            heal: { afterMs: 1000 }

        """;

    /// <summary>
    /// Waits until consumer 0's ledger stream under <paramref name="ledger"/> holds more than a header's worth of records,
    /// then SIGKILLs the child process whose spec lies in that directory (only this test's run matches). Its pid, or null
    /// when the run ended first.
    /// </summary>
    private static async Task<int?> KillConsumerChildAsync(string ledger, CancellationToken cancellationToken)
    {
        var stream = new FileInfo(Path.Combine(ledger, "consumer-0-0" + KafkaChaos.History.HistoryFormat.FileExtension));
        try
        {
            while (true)
            {
                stream.Refresh();
                if (stream.Exists && stream.Length > 8192)
                {
                    foreach (var pid in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit)).Select(int.Parse!))
                    {
                        string commandLine;
                        try { commandLine = await File.ReadAllTextAsync($"/proc/{pid}/cmdline", cancellationToken); }
                        catch (IOException) { continue; } // gone meanwhile
                        if (!commandLine.Contains("\0worker\0", StringComparison.Ordinal) || !commandLine.Contains(Path.Combine(ledger, "consumer-0"), StringComparison.Ordinal)) continue;
                        KafkaChaos.Cluster.PosixSignals.Send(pid, KafkaChaos.Cluster.PosixSignals.SigKill);
                        TestContext.Out.WriteLine($"SIGKILLed consumer child {pid}");
                        return pid;
                    }
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
