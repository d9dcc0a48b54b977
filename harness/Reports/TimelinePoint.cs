namespace KafkaChaos.Reports;

/// <summary>One second of a run.</summary>
/// <param name="Second">Seconds since the run's start (0-based).</param>
/// <param name="Acks">Acknowledgements completed in that second.</param>
/// <param name="Errors">Failed or indeterminate sends completed in that second.</param>
internal sealed record TimelinePoint(int Second, long Acks, long Errors);
