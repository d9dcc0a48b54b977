using KafkaChaos.Reports;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Audit;

/// <summary>Turns one battery run (a scenario outcome and its ledger) into a matrix row with the claims' predictions beside it.</summary>
internal static class AuditMatrix
{
    /// <summary>The row for <paramref name="template"/> run as <paramref name="outcome"/> under <paramref name="configuration"/>.</summary>
    public static MatrixRow Row(Scenario template, ScenarioOutcome outcome, AuditConfiguration configuration, (double? P50, double? P99) latency)
    {
        var (state, reason) = StateOf(template, outcome);
        var notes = new List<string>();
        if (reason is not null) notes.Add(reason);
        if (template.Name == "brokers-unreachable" && state == CellState.Measured)
        {
            var (outageMs, outlasts) = AuditOverlay.Outage(configuration);
            if (!outlasts)
                notes.Add($"outage {outageMs / 1000} s is shorter than message.timeout.ms={DeliveryDefaults.Value(configuration.Producer, "message.timeout.ms")} (the battery waits at most {AuditOverlay.MaxOutageMs / 1000} s): timeouts not exercised");
        }
        var hasConsumer = template.Consumers.Count > 0;
        var cells = Guarantees.All.Select(g =>
        {
            var prediction = ClaimPredictions.Predict(template.Name, g, configuration);
            var cellState = state == CellState.Measured && Guarantees.NeedsConsumer(g) && !hasConsumer ? CellState.NotMeasured : state;
            if (cellState != CellState.Measured) return new MatrixCell(g, cellState, 0, [], prediction);
            return new MatrixCell(g, cellState, Guarantees.Count(g, outcome.Counts), Examples(g, outcome), prediction);
        }).ToList();
        var measured = state == CellState.Measured;
        return new MatrixRow(template.Name, template.Title.Replace("audit: ", "", StringComparison.Ordinal), outcome.Scenario, state,
            notes.Count == 0 ? null : string.Join("; ", notes), cells,
            measured ? latency.P50 : null, measured ? latency.P99 : null, outcome.DurationMs);
    }

    /// <summary>A row for a fault that did not run (Ctrl-C came first).</summary>
    public static MatrixRow NotRun(Scenario template, AuditConfiguration configuration, string reason) =>
        new(template.Name, template.Title.Replace("audit: ", "", StringComparison.Ordinal), $"{configuration.Label}-{template.Name}", CellState.Inconclusive, reason,
            Guarantees.All.Select(g => new MatrixCell(g, CellState.Inconclusive, 0, [], ClaimPredictions.Predict(template.Name, g, configuration))).ToList(), null, null, 0);

    private static (CellState, string?) StateOf(Scenario template, ScenarioOutcome outcome)
    {
        if (outcome.Verdict == Verdict.Error) return (CellState.Inconclusive, $"the run broke: {outcome.Error}");
        if (outcome.Verdict == Verdict.NotApplicable) return (CellState.NotApplicable, outcome.NotApplicableReason);
        var fired = outcome.Timeline.FaultWindows.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var missing = template.Faults.Where(f => !fired.Contains(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0) return (CellState.Inconclusive, $"fault {string.Join(", ", missing)} never fired within the window: no evidence");
        if (outcome.Counts.Sent == 0) return (CellState.Inconclusive, "no message was sent");
        return (CellState.Measured, null);
    }

    private static IReadOnlyList<string> Examples(Guarantee g, ScenarioOutcome outcome)
    {
        if (g == Guarantee.FailedSends)
            return outcome.FailuresByError.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} ×{kv.Value}").Take(3).ToList();
        var kinds = Guarantees.FindingKinds(g);
        return outcome.Findings.Where(f => kinds.Contains(f.Kind)).SelectMany(f => f.Examples).Select(e => e.Split(' ')[0]).Distinct().Take(3).ToList();
    }
}
