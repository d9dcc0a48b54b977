using System.Collections.Concurrent;

namespace KafkaChaos.Proxy.Kafka;

/// <summary>Remembers which api/version pairs outside the proxy's spec table were already logged, so each is
/// logged once (per process by default), however many frames carry it.</summary>
internal sealed class KafkaVersionNotices
{
    private readonly ConcurrentDictionary<(short, short), bool> _seen = new();

    public static KafkaVersionNotices Shared { get; } = new();

    /// <summary>True the first time <paramref name="apiKey"/> v<paramref name="apiVersion"/> is seen.</summary>
    public bool FirstSighting(short apiKey, short apiVersion) => _seen.TryAdd((apiKey, apiVersion), true);
}
