using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// A finished run on disk: every <c>*.history</c> ledger of a directory, streamed and merged by time, and a saved final
/// read. The first pass verifies the ledgers' checksums; the later ones read what it found intact (<see cref="VerifiedLedgers"/>).
/// </summary>
internal sealed class FileCheckInput(string runDirectory, string finalReadPath) : ICheckInput
{
    private readonly VerifiedLedgers _verified = new();

    /// <inheritdoc/>
    public void VisitLedger(ILedgerVisitor visitor, CancellationToken cancellationToken) =>
        HistoryReader.VisitRun(runDirectory, visitor, cancellationToken, _verified);

    /// <inheritdoc/>
    public void VisitFinalRead(IFinalReadVisitor visitor, CancellationToken cancellationToken) =>
        FinalReadFile.Visit(finalReadPath, visitor, cancellationToken);
}
