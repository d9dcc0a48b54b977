using System.Net;

namespace KafkaChaos.Proxy;

/// <summary>Immutable settings of a <see cref="ProxyServer"/>; <see cref="Validate"/> runs before start.</summary>
internal sealed record ProxyServerOptions
{
    /// <summary>Toxiproxy's default API host: loopback only.</summary>
    public const string DefaultControlHost = "127.0.0.1";

    /// <summary>Toxiproxy's default API port.</summary>
    public const int DefaultControlPort = 8474;

    /// <summary>IP address the HTTP control API binds. Default <see cref="DefaultControlHost"/> (127.0.0.1).</summary>
    public string ControlHost { get; init; } = DefaultControlHost;

    /// <summary>HTTP control API port. Default <see cref="DefaultControlPort"/> (8474); 0 binds a free port;
    /// null disables the HTTP API (in-process use only).</summary>
    public int? ControlPort { get; init; } = DefaultControlPort;

    /// <summary>Seed of every random choice (toxicity, jitter, slicer sizes). Default null: one is drawn
    /// at start; either way it is logged so a run can be replayed.</summary>
    public int? Seed { get; init; }

    /// <summary>Where log lines go. Default null: discarded.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Clock for every delay. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Largest Kafka frame accepted before a connection falls back to pass-through.
    /// Default 100 MiB, Kafka's <c>socket.request.max.bytes</c>.</summary>
    public int MaxKafkaFrameBytes { get; init; } = 100 * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!IPAddress.TryParse(ControlHost, out _))
        {
            throw new ArgumentException($"ControlHost must be an IP address, got '{ControlHost}'.", nameof(ControlHost));
        }

        if (ControlPort is < 0 or > 65535)
        {
            throw new ArgumentException($"ControlPort must be 0..65535 or null, got {ControlPort}.", nameof(ControlPort));
        }

        if (MaxKafkaFrameBytes < 16)
        {
            throw new ArgumentException("MaxKafkaFrameBytes must be at least 16.", nameof(MaxKafkaFrameBytes));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
