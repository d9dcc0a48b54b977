namespace KafkaChaos.Proxy.Core;

/// <summary>What every proxy of one server shares: clock, seed, log, limits.</summary>
internal sealed class ProxyEnvironment(TimeProvider timeProvider, int seed, Action<string>? log, int maxKafkaFrameBytes)
{
    private long _connectionIds;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public int Seed { get; } = seed;

    public int MaxKafkaFrameBytes { get; } = maxKafkaFrameBytes;

    public long NextConnectionId() => Interlocked.Increment(ref _connectionIds);

    /// <summary>A seed for one generator of one connection: the same server seed, connection and purpose always
    /// give the same value, in any process (SplitMix64 finaliser).</summary>
    public int DeriveSeed(long connectionId, int direction, int purpose)
    {
        unchecked
        {
            var z = (ulong)Seed * 0x9E3779B97F4A7C15UL ^ (ulong)connectionId * 0xBF58476D1CE4E5B9UL ^ (ulong)((direction << 8) | purpose) * 0x94D049BB133111EBUL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)(z ^ (z >> 31));
        }
    }

    public void Log(string message)
    {
        if (log is null)
        {
            return;
        }

        try
        {
            log($"{TimeProvider.GetUtcNow():HH:mm:ss.fff} proxy {message}");
        }
        catch (Exception)
        {
            // A failing log sink must not take a connection down with it.
        }
    }
}
