namespace KafkaChaos.History;

/// <summary>Record type tags of the ledger file format. Never renumber: files outlive builds.</summary>
internal enum HistoryRecordKind : byte
{
    SendInvoked = 1,
    SendCompleted = 2,
    Consumed = 3,
    Processed = 4,
    Committed = 5,
    Fault = 6,
    Note = 7,
}
