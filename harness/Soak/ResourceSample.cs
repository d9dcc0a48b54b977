namespace KafkaChaos.Soak;

/// <summary>The harness process at one moment of a soak.</summary>
/// <param name="ElapsedSeconds">Since the soak started.</param>
/// <param name="ResidentMiB">Resident set (working set), MiB.</param>
/// <param name="ManagedMiB">The managed heap's live size, MiB.</param>
/// <param name="FileDescriptors">Open file descriptors (-1 where /proc is not there).</param>
/// <param name="Threads">Operating-system threads.</param>
internal sealed record ResourceSample(double ElapsedSeconds, double ResidentMiB, double ManagedMiB, int FileDescriptors, int Threads)
{
    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"{ElapsedSeconds,7:0}s  rss {ResidentMiB,7:0.0} MiB  heap {ManagedMiB,7:0.0} MiB  fds {FileDescriptors,5}  threads {Threads,4}");
}
