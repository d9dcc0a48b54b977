namespace KafkaChaos.Faults;

/// <summary>A fault made of proxy toxics whose bites can be counted (the embedded proxy's <c>uses</c>), so a
/// caller can wait for its protocol moment: "the response to a Produce has been dropped".</summary>
internal interface IToxicFault : IFault
{
    /// <summary>How often the fault's toxics have bitten in total (0 before injection or after heal; 0 on a real
    /// Toxiproxy, which does not report uses).</summary>
    Task<long> GetUsesAsync(FaultContext context, CancellationToken cancellationToken);

    /// <summary>Waits until <see cref="GetUsesAsync"/> reaches <paramref name="count"/>; <see cref="TimeoutException"/> otherwise.</summary>
    Task WaitForUsesAsync(FaultContext context, long count, TimeSpan timeout, CancellationToken cancellationToken);
}
