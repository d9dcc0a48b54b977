namespace KafkaChaos.Reports;

/// <summary>The outcome class of one scenario run.</summary>
public enum Verdict
{
    /// <summary>Every expected condition held.</summary>
    Passed,
    /// <summary>At least one expected condition did not hold (or none applied).</summary>
    Failed,
    /// <summary>The scenario does not apply to this Kafka version or runner; not run.</summary>
    NotApplicable,
    /// <summary>The run itself broke (cluster did not start, a fault could not be injected): no verdict on the claim.</summary>
    Error,
}
