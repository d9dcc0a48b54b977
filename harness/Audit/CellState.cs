namespace KafkaChaos.Audit;

/// <summary>Whether a matrix cell holds a measurement, and if not, why.</summary>
internal enum CellState
{
    /// <summary>Measured: the count is evidence.</summary>
    Measured,
    /// <summary>This fault's run has no consumer, so consumption was not measured.</summary>
    NotMeasured,
    /// <summary>The configuration does not apply on this Kafka version (e.g. idempotence before 0.11).</summary>
    NotApplicable,
    /// <summary>The run broke, or a fault never fired: no verdict.</summary>
    Inconclusive,
}
