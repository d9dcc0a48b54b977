namespace KafkaChaos.Scenarios;

/// <summary>A metric two scenarios can be compared on.</summary>
internal enum CompareMetric
{
    /// <summary>Acknowledged messages per second during the fault window.</summary>
    Throughput,
    /// <summary>Total run duration.</summary>
    Duration,
}
