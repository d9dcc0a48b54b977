using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// A finished run on disk: every <c>*.history</c> ledger of a directory, streamed and merged by time, and a saved final
/// read. The first pass verifies the ledgers' checksums; the later ones read what it found intact (<see cref="VerifiedLedgers"/>),
/// and the evidence pass, only the chunks where the outcome pass saw the examples' IDs.
/// </summary>
internal sealed class FileCheckInput(string runDirectory, string finalReadPath, CheckOptions options) : ICheckInput
{
    private readonly VerifiedLedgers _verified = new(options.LedgerChunks.ChunkBytes, options.LedgerChunks.ChunksPerSegment);

    /// <inheritdoc/>
    public void VisitLedger(ILedgerVisitor visitor, CancellationToken cancellationToken) =>
        HistoryReader.VisitRun(runDirectory, visitor, cancellationToken, _verified);

    /// <inheritdoc/>
    public void VisitFinalRead(IFinalReadVisitor visitor, CancellationToken cancellationToken) =>
        PrefetchedFinalRead.Visit(finalReadPath, visitor, cancellationToken);
}
