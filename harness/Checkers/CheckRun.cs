using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// One execution of a check over an <see cref="ICheckInput"/>: the ledger's invocations, then the final read,
/// then the ledger's outcomes, classification, and, only when examples were chosen, a last ledger pass for their
/// evidence (over files, only the chunks where the outcome pass saw their IDs: <see cref="EvidencePass.FilterIds"/>).
/// Memory is the per-ID table and the compact final read, whatever the input.
/// </summary>
internal sealed class CheckRun(ICheckInput input, CheckOptions options)
{
    /// <summary>Runs every pass and returns the result.</summary>
    public CheckResult Execute(CancellationToken cancellationToken)
    {
        var state = new CheckState(options);
        var tableBuilder = new IdTableBuilder(keepInvocationTimes: options.MaxExamples >= 1);
        var invocations = new InvocationPass(tableBuilder, state.Committed);
        input.VisitLedger(invocations, cancellationToken);
        var (table, invokedAt) = tableBuilder.Build();
        state.Table = table;
        if (invokedAt is not null && CrossProducerOrder.Applies(table.ProducerCount, state.MaxExamples))
        {
            state.CrossProducer = new CrossProducerOrder(invokedAt, state.MaxExamples);
        }
        invokedAt = null;

        input.VisitFinalRead(new LogPass(state), cancellationToken);
        state.CrossProducer?.ReleaseInvocationTimes();

        var range = invocations.Range;
        var series = range is { } r ? new SeriesBuilder(r.First, r.Last) : null;
        series?.AddSends(invocations.Sends);
        input.VisitLedger(new OutcomePass(state, series), cancellationToken);

        var totals = Classification.Classify(state);
        if (totals.Unprocessed > 0 || state.Evidence.Count > 0)
        {
            Classification.RevisitLog(state, locateUnprocessed: totals.Unprocessed > 0);
        }
        if (state.Evidence.Count > 0)
        {
            input.VisitLedger(new EvidencePass(state), cancellationToken);
        }
        var timeRange = range is { } t ? new TimeRange(new DateTimeOffset(t.First, TimeSpan.Zero), new DateTimeOffset(t.Last, TimeSpan.Zero)) : (TimeRange?)null;
        return new CheckResult(totals, FindingsReport.Build(state), state.FailuresByCode, series?.Build() ?? PerSecondSeries.Empty, timeRange);
    }
}
