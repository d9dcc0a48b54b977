using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// The Jepsen-style checker: a pure function from a finished history and the final read to every anomaly
/// found, each with examples. It never stops at the first anomaly.
/// </summary>
/// <remarks>
/// Memory is a few bytes per invoked ID (dense per-producer arrays indexed by sequence, 5 bytes per ID) plus
/// small per-partition arrays; it does not copy the history. Classes can overlap: a fire-and-forget ID that
/// was acknowledged and then lost is both <see cref="FindingKind.AckedLost"/> and <see cref="FindingKind.SilentlyLost"/>.
/// An ID's send status: acknowledged if any completion is Ok; failed if it has no Ok and no Indeterminate
/// completion and at least as many Fail completions as invocations; indeterminate otherwise (including no
/// completion at all).
/// </remarks>
public static class HistoryChecker
{
    /// <summary>Checks <paramref name="history"/> against <paramref name="finalRead"/>.</summary>
    public static CheckResult Check(RunHistory history, FinalRead finalRead, CheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(finalRead);
        return new CheckRun(history, finalRead, options ?? CheckOptions.Default).Execute();
    }

    /// <summary>
    /// Loads a finished run directory (every <c>*.history</c> stream and <see cref="FinalReadFile.FileName"/>)
    /// and checks it, e.g. to report a run again later.
    /// </summary>
    /// <exception cref="FileNotFoundException">The run has no saved final read.</exception>
    public static async Task<CheckResult> CheckRunDirectoryAsync(string runDirectory, CheckOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = await RunHistory.LoadAsync(runDirectory, cancellationToken).ConfigureAwait(false);
        var finalRead = await FinalReadFile.LoadAsync(Path.Combine(runDirectory, FinalReadFile.FileName), cancellationToken).ConfigureAwait(false);
        return Check(history, finalRead, options);
    }
}
