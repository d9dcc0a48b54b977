namespace KafkaChaos.Audit;

/// <summary>One fault of the battery under one configuration: a row of the matrix.</summary>
/// <param name="Fault">The template name, e.g. <c>slow-followers-leader-kill</c>.</param>
/// <param name="Title">The fault in words.</param>
/// <param name="Scenario">The scenario run (its report directory name).</param>
/// <param name="State">Measured, or why the row has no evidence.</param>
/// <param name="Reason">Why not measured, or notes on what the run could exercise (null when nothing to say).</param>
/// <param name="Cells">One per <see cref="Guarantee"/>, in column order.</param>
/// <param name="AckLatencyP50Ms">Median invocation-to-acknowledgement time; null without acknowledgements.</param>
/// <param name="AckLatencyP99Ms">99th percentile of the same.</param>
/// <param name="DurationMs">Wall-clock time of the run.</param>
internal sealed record MatrixRow(string Fault, string Title, string Scenario, CellState State, string? Reason, IReadOnlyList<MatrixCell> Cells,
    double? AckLatencyP50Ms, double? AckLatencyP99Ms, long DurationMs)
{
    /// <summary>The cell of <paramref name="guarantee"/>.</summary>
    public MatrixCell Cell(Guarantee guarantee) => Cells.First(c => c.Guarantee == guarantee);
}
