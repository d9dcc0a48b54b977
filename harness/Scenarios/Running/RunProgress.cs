namespace KafkaChaos.Scenarios.Running;

/// <summary>A progress snapshot of the scenario being run.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Phase">cluster, warmup, faultWindow, heal, drain, finalRead, check, done.</param>
/// <param name="ElapsedMs">Since the scenario started.</param>
/// <param name="Acked">Acknowledgements so far.</param>
/// <param name="AcksPerSecond">Over the last second.</param>
/// <param name="Errors">Failed and indeterminate sends so far.</param>
/// <param name="ActiveFaults">Faults injected and not yet healed.</param>
internal sealed record RunProgress(string Scenario, string Phase, long ElapsedMs, long Acked, long AcksPerSecond, long Errors, IReadOnlyList<string> ActiveFaults)
{
    public override string ToString() =>
        $"{Scenario} [{Phase}] {ElapsedMs / 1000.0:0.0}s acked={Acked} ({AcksPerSecond}/s) errors={Errors}" +
        (ActiveFaults.Count > 0 ? $" faults: {string.Join(", ", ActiveFaults)}" : "");
}
