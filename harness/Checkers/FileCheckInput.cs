using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>A finished run on disk: every <c>*.history</c> ledger of a directory, streamed and merged by time, and a saved final read.</summary>
internal sealed class FileCheckInput(string runDirectory, string finalReadPath) : ICheckInput
{
    /// <inheritdoc/>
    public void VisitLedger(ILedgerVisitor visitor, CancellationToken cancellationToken) =>
        HistoryReader.VisitRun(runDirectory, visitor, cancellationToken);

    /// <inheritdoc/>
    public void VisitFinalRead(IFinalReadVisitor visitor, CancellationToken cancellationToken) =>
        FinalReadFile.Visit(finalReadPath, visitor, cancellationToken);
}
