namespace KafkaChaos.Reports;

/// <summary>The outcome class of one scenario run.</summary>
internal enum Verdict
{
    /// <summary>Every expected condition held.</summary>
    Passed,
    /// <summary>At least one expected condition did not hold (or none applied).</summary>
    Failed,
    /// <summary>The scenario does not apply to this Kafka version or runner; not run.</summary>
    NotApplicable,
    /// <summary>The run itself broke (cluster did not start, a fault did not happen, a worker died): no verdict on the claim.</summary>
    Error,
    /// <summary>The evidence cannot decide an expectation (acknowledged IDs whose absence could not be verified) and none failed for certain.</summary>
    Inconclusive,
}
