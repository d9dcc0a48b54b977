namespace KafkaChaos.Proxy.Core;

/// <summary>What every proxy of one server shares: clock, seed, log, limits.</summary>
internal sealed class ProxyEnvironment(TimeProvider timeProvider, int seed, Action<string>? log, int maxKafkaFrameBytes)
{
    private long _connectionIds;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public int Seed { get; } = seed;

    public int MaxKafkaFrameBytes { get; } = maxKafkaFrameBytes;

    public long NextConnectionId() => Interlocked.Increment(ref _connectionIds);

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
