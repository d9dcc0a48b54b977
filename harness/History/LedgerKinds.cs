namespace KafkaChaos.History;

/// <summary>
/// The record kinds a ledger visitor needs (<see cref="ILedgerVisitor.Kinds"/>): a file reader decodes only the
/// timestamp of the others and drops them, which saves most of a pass's cost when it needs one kind of four.
/// </summary>
[Flags]
internal enum LedgerKinds
{
    None = 0,
    SendInvoked = 1 << HistoryRecordKind.SendInvoked,
    SendCompleted = 1 << HistoryRecordKind.SendCompleted,
    Consumed = 1 << HistoryRecordKind.Consumed,
    Processed = 1 << HistoryRecordKind.Processed,
    Committed = 1 << HistoryRecordKind.Committed,
    Fault = 1 << HistoryRecordKind.Fault,
    Note = 1 << HistoryRecordKind.Note,
    /// <summary>The kinds whose records carry a message ID (a consumed record only when its value decoded).</summary>
    WithIds = SendInvoked | SendCompleted | Consumed | Processed,
    All = SendInvoked | SendCompleted | Consumed | Processed | Committed | Fault | Note,
}
