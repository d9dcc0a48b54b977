using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>A history and final read already in memory, visited kind by kind from their arrays.</summary>
internal sealed class MemoryCheckInput(RunHistory history, FinalRead finalRead) : ICheckInput
{
    /// <inheritdoc/>
    public void VisitLedger(ILedgerVisitor visitor, CancellationToken cancellationToken)
    {
        foreach (ref readonly var e in history.InvocationArray.AsSpan()) visitor.Invoked(in e);
        foreach (ref readonly var e in history.CompletionArray.AsSpan()) visitor.Completed(in e);
        foreach (ref readonly var e in history.ConsumedArray.AsSpan()) visitor.Consumed(in e);
        foreach (ref readonly var e in history.ProcessedArray.AsSpan()) visitor.Processed(in e);
        foreach (ref readonly var e in history.CommitArray.AsSpan()) visitor.Committed(in e);
        foreach (ref readonly var e in history.FaultArray.AsSpan()) visitor.Fault(in e);
        foreach (ref readonly var e in history.NoteArray.AsSpan()) visitor.Note(in e);
    }

    /// <inheritdoc/>
    public void VisitFinalRead(IFinalReadVisitor visitor, CancellationToken cancellationToken) => finalRead.Accept(visitor);
}
