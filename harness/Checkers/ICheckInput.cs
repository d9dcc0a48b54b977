using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// Where a check reads its history and final read from. Each visit is one complete pass; a check makes up to
/// three over the ledger and one over the final read. Within a pass, each kind of ledger record comes in history
/// order (<see cref="RunHistory"/>); how kinds interleave does not matter to the checker.
/// </summary>
internal interface ICheckInput
{
    /// <summary>Hands every ledger record to <paramref name="visitor"/>.</summary>
    void VisitLedger(ILedgerVisitor visitor, CancellationToken cancellationToken);

    /// <summary>Hands the final read to <paramref name="visitor"/>.</summary>
    void VisitFinalRead(IFinalReadVisitor visitor, CancellationToken cancellationToken);
}
