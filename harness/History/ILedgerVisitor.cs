namespace KafkaChaos.History;

/// <summary>
/// Receives ledger records one at a time as a stream is parsed (<see cref="LedgerCursor"/>,
/// <see cref="HistoryReader.VisitRunAsync"/>): no arrays are built, so a consumer that keeps only compact
/// per-ID state reads histories of any size.
/// </summary>
internal interface ILedgerVisitor
{
    /// <summary>A send invocation.</summary>
    void Invoked(in SendInvoked e);

    /// <summary>A send completion (delivery report).</summary>
    void Completed(in SendCompleted e);

    /// <summary>A record a consumer received.</summary>
    void Consumed(in Consumed e);

    /// <summary>A processing side effect.</summary>
    void Processed(in Processed e);

    /// <summary>A successful offset commit.</summary>
    void Committed(in Committed e);

    /// <summary>A fault injection or heal.</summary>
    void Fault(in FaultEvent e);

    /// <summary>A free-text note.</summary>
    void Note(in Note e);

    /// <summary>
    /// The kinds this visitor needs; every kind unless stated otherwise. A hint, as <see cref="Filter"/> is: a file
    /// reader decodes only the timestamps of the other kinds and drops them; an in-memory history hands every record
    /// to its method, so a visitor ignores what it does not need.
    /// </summary>
    LedgerKinds Kinds => LedgerKinds.All;

    /// <summary>
    /// When set, a file reader may drop the records of IDs that fail it (records without a decoded ID pass). Called on
    /// the readers' decoding threads while the pass runs, so it must only read state nothing writes during the pass.
    /// </summary>
    Predicate<MessageId>? Filter => null;

    /// <summary>
    /// When set, every ID <see cref="Filter"/> keeps, for a pass that wants a few: a file reader may then read only the
    /// parts of a file that an earlier full pass of the same check found may hold their records, and drop the rest,
    /// records without a decoded ID included (<see cref="VerifiedLedgers"/>).
    /// </summary>
    IReadOnlyCollection<MessageId>? FilterIds => null;

    /// <summary>
    /// A file reader's bounds on the timestamps of every record of one stream, dropped ones included; once per stream,
    /// after its records. Not called for an in-memory history, whose records all reach their methods.
    /// </summary>
    void Timestamps(long earliestTicks, long latestTicks)
    {
    }
}
