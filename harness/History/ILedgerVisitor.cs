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
}
