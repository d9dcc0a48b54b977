using KafkaChaos.Reports;

namespace KafkaChaos.Fixtures;

/// <summary>The outcome of <see cref="ChaosScenario.RunAsync"/>: the verdict against the scenario's expectations, the counts,
/// and where its report is.</summary>
public sealed class ScenarioResult
{
    private readonly ScenarioOutcome _outcome;

    internal ScenarioResult(ScenarioOutcome outcome, string reportDirectory)
    {
        _outcome = outcome;
        ReportDirectory = reportDirectory;
        Counts = LedgerCounts.From(outcome.Counts);
    }

    /// <summary>The scenario's name.</summary>
    public string Scenario => _outcome.Scenario;

    /// <summary>Whether every expectation held (false when not applicable or broken).</summary>
    public bool Passed => _outcome.Passed && _outcome.Error is null && _outcome.Applicable;

    /// <summary>Whether the scenario applies to the cluster's Kafka version.</summary>
    public bool Applicable => _outcome.Applicable;

    /// <summary>Why it does not apply, when <see cref="Applicable"/> is false.</summary>
    public string? NotApplicableReason => _outcome.NotApplicableReason;

    /// <summary>What broke the run (a fault that failed, a worker that died), or null. A broken run is never a pass.</summary>
    public string? Error => _outcome.Error;

    /// <summary>The ledger's counts.</summary>
    public LedgerCounts Counts { get; }

    /// <summary>The directory with report.json, the ledger and harness.log.</summary>
    public string ReportDirectory { get; }

    /// <summary>Fails unless the scenario applied, ran and met every expectation.</summary>
    /// <exception cref="ChaosAssertionException">It did not; the message says why and where the report is.</exception>
    public void AssertPassed()
    {
        if (Passed) return;
        var why = Error ?? (!Applicable ? $"not applicable: {NotApplicableReason}" : "an expectation did not hold");
        throw new ChaosAssertionException($"Scenario {Scenario}: {why}. {ToString()} Report: {ReportDirectory}/report.json");
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Scenario}: {(Passed ? "passed" : "failed")}; sent {Counts.Sent}, acked {Counts.Acked}, acked lost {Counts.AckedLost}, " +
        $"duplicates in log {Counts.DuplicatesInLog}, duplicate processing {Counts.DuplicateProcessing}, unprocessed {Counts.Unprocessed}.";
}
