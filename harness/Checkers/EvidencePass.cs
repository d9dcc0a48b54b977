using System.Runtime.CompilerServices;
using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>Last pass over the ledger, only for the IDs chosen as examples: how their sends completed, where they were consumed and processed.</summary>
internal sealed class EvidencePass(CheckState state) : ILedgerVisitor
{
    private readonly IdTable _table = state.Table;
    private Predicate<MessageId>? _filter;

    /// <inheritdoc/>
    public LedgerKinds Kinds => LedgerKinds.SendCompleted | LedgerKinds.Consumed | LedgerKinds.Processed;

    /// <inheritdoc/>
    /// <remarks>The cells' example flags are set before this pass and only read during it.</remarks>
    public Predicate<MessageId>? Filter => _filter ??= IsExample;

    /// <inheritdoc/>
    /// <remarks>A file reader then reads only the chunks of the ledger where the outcome pass saw these IDs.</remarks>
    public IReadOnlyCollection<MessageId>? FilterIds => state.Evidence.Keys;

    /// <inheritdoc/>
    public void Invoked(in SendInvoked e)
    {
    }

    /// <inheritdoc/>
    public void Completed(in SendCompleted e)
    {
        if (IsExample(e.Id))
        {
            ExampleEvidence.AddBounded(state.Evidence[e.Id].Outcomes, e.Outcome);
        }
    }

    /// <inheritdoc/>
    public void Consumed(in Consumed e)
    {
        if (e.IsDecoded && IsExample(e.RawId))
        {
            ExampleEvidence.AddBounded(state.Evidence[e.RawId].Consumed, (e.Partition, e.Offset, e.ConsumerId));
        }
    }

    /// <inheritdoc/>
    public void Processed(in Processed e)
    {
        if (IsExample(e.Id))
        {
            ExampleEvidence.AddBounded(state.Evidence[e.Id].Processed, (e.Partition, e.Offset, e.ConsumerId));
        }
    }

    /// <inheritdoc/>
    public void Committed(in Committed e)
    {
    }

    /// <inheritdoc/>
    public void Fault(in FaultEvent e)
    {
    }

    /// <inheritdoc/>
    public void Note(in Note e)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsExample(MessageId id)
    {
        ref var cell = ref _table.Find(id, out _);
        return !Unsafe.IsNullRef(ref cell) && cell.Has(IdCell.Example);
    }
}
