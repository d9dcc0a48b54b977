namespace KafkaChaos.History;

/// <summary>
/// The record a <see cref="LedgerCursor"/> decoded last: the fields after its timestamp, decoded from the payload by
/// kind, and handed to a visitor. Strings are interned and failures shared across the stream's records.
/// </summary>
internal sealed class LedgerRecord(Dictionary<string, string> intern)
{
    private readonly Dictionary<SendFailure, SendFailure> _failures = [];
    private SendInvoked _invoked;
    private SendCompleted _completed;
    private Consumed _consumed;
    private Processed _processed;
    private Committed _committed;
    private FaultEvent _fault;
    private Note _note;

    /// <summary>The record's kind.</summary>
    public HistoryRecordKind Kind { get; private set; }

    /// <summary>The record's timestamp.</summary>
    public long TimestampTicks { get; private set; }

    /// <summary>
    /// Decodes the fields of a record of <paramref name="kind"/> that follow its timestamp; false for a newer writer's
    /// kind (nothing decoded). Notes its ID in <paramref name="ids"/>, at <paramref name="offset"/>, where it has one.
    /// </summary>
    /// <exception cref="InvalidDataException">The payload ends early or holds a bad varint.</exception>
    /// <exception cref="OverflowException">A 32-bit field does not fit.</exception>
    public bool Decode(HistoryRecordKind kind, long ticks, ref PayloadReader reader, long offset, ChunkIds.Recorder? ids)
    {
        switch (kind)
        {
            case HistoryRecordKind.SendInvoked:
            {
                var id = new MessageId(reader.ReadVarInt32(), reader.ReadVarInt());
                bool ignored = (reader.ReadByte() & HistoryFormat.FlagResultIgnored) != 0;
                _invoked = new SendInvoked(ticks, id, ignored);
                ids?.Add(offset, id);
                break;
            }
            case HistoryRecordKind.SendCompleted:
            {
                var id = new MessageId(reader.ReadVarInt32(), reader.ReadVarInt());
                _completed = new SendCompleted(ticks, id, ReadOutcome(ref reader));
                ids?.Add(offset, id);
                break;
            }
            case HistoryRecordKind.Consumed:
            {
                bool decoded = (reader.ReadByte() & HistoryFormat.FlagDecoded) != 0;
                MessageId? id = decoded ? new MessageId(reader.ReadVarInt32(), reader.ReadVarInt()) : null;
                _consumed = new Consumed(ticks, id, reader.ReadVarInt32(), reader.ReadVarInt(), reader.ReadVarInt32(), reader.ReadVarInt32());
                if (id is { } consumed) ids?.Add(offset, consumed);
                break;
            }
            case HistoryRecordKind.Processed:
            {
                var id = new MessageId(reader.ReadVarInt32(), reader.ReadVarInt());
                _processed = new Processed(ticks, id, reader.ReadVarInt32(), reader.ReadVarInt(), reader.ReadVarInt32());
                ids?.Add(offset, id);
                break;
            }
            case HistoryRecordKind.Committed:
                _committed = new Committed(ticks, reader.ReadVarInt32(), reader.ReadVarInt32(), reader.ReadVarInt());
                break;
            case HistoryRecordKind.Fault:
            {
                string name = reader.ReadString(intern);
                var phase = (FaultPhase)reader.ReadByte();
                _fault = new FaultEvent(ticks, name, phase, reader.ReadString(intern));
                break;
            }
            case HistoryRecordKind.Note:
                _note = new Note(ticks, reader.ReadString(intern));
                break;
            default:
                return false;
        }
        Kind = kind;
        TimestampTicks = ticks;
        return true;
    }

    /// <summary>Hands the record to <paramref name="visitor"/>.</summary>
    public void Dispatch(ILedgerVisitor visitor)
    {
        switch (Kind)
        {
            case HistoryRecordKind.SendInvoked: visitor.Invoked(in _invoked); break;
            case HistoryRecordKind.SendCompleted: visitor.Completed(in _completed); break;
            case HistoryRecordKind.Consumed: visitor.Consumed(in _consumed); break;
            case HistoryRecordKind.Processed: visitor.Processed(in _processed); break;
            case HistoryRecordKind.Committed: visitor.Committed(in _committed); break;
            case HistoryRecordKind.Fault: visitor.Fault(in _fault); break;
            case HistoryRecordKind.Note: visitor.Note(in _note); break;
        }
    }

    private SendOutcome ReadOutcome(ref PayloadReader reader)
    {
        var outcomeKind = (SendOutcomeKind)reader.ReadByte();
        switch (outcomeKind)
        {
            case SendOutcomeKind.Ok:
                return SendOutcome.Ok(reader.ReadVarInt32(), reader.ReadVarInt());
            case SendOutcomeKind.Fail or SendOutcomeKind.Indeterminate:
                string code = reader.ReadString(intern);
                string reason = reader.ReadString(intern);
                var failure = new SendFailure(outcomeKind == SendOutcomeKind.Fail ? code : null, reason);
                if (!_failures.TryGetValue(failure, out var shared))
                {
                    _failures[failure] = shared = failure;
                }
                return SendOutcome.FromFailure(outcomeKind, shared);
            default:
                throw new InvalidDataException($"Unknown send outcome {(byte)outcomeKind}.");
        }
    }
}
