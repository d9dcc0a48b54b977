using KafkaChaos.Scenarios;

namespace KafkaChaos.Audit;

/// <summary>What no client property says: how the application sends, commits and deduplicates.</summary>
/// <param name="SendMode">await-each | callback | fire-and-forget.</param>
/// <param name="CommitMode">auto | after-processing | before-processing; null: from the consumer file's <c>enable.auto.commit</c>.</param>
/// <param name="Dedupe">Whether the consumer skips IDs it has already processed (an idempotent consumer).</param>
internal sealed record AppPattern(SendMode SendMode = SendMode.AwaitEach, AuditCommitMode? CommitMode = null, bool Dedupe = false)
{
    /// <summary>The CLI spellings of the send modes the audit supports.</summary>
    public static IReadOnlyDictionary<string, SendMode> SendModes { get; } = new Dictionary<string, SendMode>
    {
        ["await-each"] = SendMode.AwaitEach,
        ["callback"] = SendMode.Callback,
        ["fire-and-forget"] = SendMode.FireAndForget,
    };

    /// <summary>The CLI spellings of the commit modes.</summary>
    public static IReadOnlyDictionary<string, AuditCommitMode> CommitModes { get; } = new Dictionary<string, AuditCommitMode>
    {
        ["auto"] = AuditCommitMode.Auto,
        ["after-processing"] = AuditCommitMode.AfterProcessing,
        ["before-processing"] = AuditCommitMode.BeforeProcessing,
    };

    /// <summary>The CLI spelling of <see cref="SendMode"/>.</summary>
    public string SendModeText => SendModes.First(m => m.Value == SendMode).Key;

    /// <summary>Parses the CLI options. </summary>
    /// <exception cref="AuditInputException">An unknown mode.</exception>
    public static AppPattern Parse(string? sendMode, string? commitMode, bool dedupe)
    {
        var problems = new List<string>();
        var send = SendMode.AwaitEach;
        if (sendMode is not null && !SendModes.TryGetValue(sendMode, out send))
            problems.Add($"--send-mode: unknown mode '{sendMode}' (expected {string.Join(" | ", SendModes.Keys)})");
        AuditCommitMode? commit = null;
        if (commitMode is not null)
        {
            if (CommitModes.TryGetValue(commitMode, out var c)) commit = c;
            else problems.Add($"--commit-mode: unknown mode '{commitMode}' (expected {string.Join(" | ", CommitModes.Keys)})");
        }
        if (commit == AuditCommitMode.BeforeProcessing)
            problems.Add("--commit-mode before-processing: the workload cannot commit before processing yet (harness/Workload/ConsumerWorker commits after processing, or auto); use auto, whose offsets are stored when poll returns them, for at-most-once behaviour");
        if (problems.Count > 0) throw new AuditInputException(problems);
        return new AppPattern(send, commit, dedupe);
    }
}
