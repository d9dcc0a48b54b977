namespace KafkaChaos.Scenarios;

/// <summary>A producer profile; <see cref="Count"/> workers run it. Defaults follow librdkafka's where one exists.</summary>
internal sealed record ProducerProfile
{
    /// <summary>Workers with this profile. Default 1.</summary>
    public int Count { get; init; } = 1;

    /// <summary>How the application sends and handles results. Default <see cref="SendMode.AwaitEach"/>.</summary>
    public SendMode SendMode { get; init; } = SendMode.AwaitEach;

    /// <summary><c>acks</c>. Default <see cref="AcksMode.All"/>.</summary>
    public AcksMode Acks { get; init; } = AcksMode.All;

    /// <summary><c>retries</c> (librdkafka <c>message.send.max.retries</c>). Default 3.</summary>
    public int Retries { get; init; } = 3;

    /// <summary><c>retry.backoff.ms</c>. Default 100.</summary>
    public int RetryBackoffMs { get; init; } = 100;

    /// <summary><c>retry.backoff.max.ms</c>. Default 1000.</summary>
    public int RetryBackoffMaxMs { get; init; } = 1000;

    /// <summary><c>delivery.timeout.ms</c> (<c>message.timeout.ms</c>). Default 30000.</summary>
    public int DeliveryTimeoutMs { get; init; } = 30000;

    /// <summary><c>request.timeout.ms</c>. Default 5000.</summary>
    public int RequestTimeoutMs { get; init; } = 5000;

    /// <summary><c>max.in.flight.requests.per.connection</c>. Default 5.</summary>
    public int MaxInFlight { get; init; } = 5;

    /// <summary><c>enable.idempotence</c> (Kafka 0.11+). Default false.</summary>
    public bool Idempotence { get; init; }

    /// <summary><c>linger.ms</c>. Default 5.</summary>
    public int LingerMs { get; init; } = 5;

    /// <summary><c>batch.size</c> in bytes. Default 16384.</summary>
    public int BatchSize { get; init; } = 16384;

    /// <summary>Payload size per message in bytes (the ID is embedded in it). Default 100.</summary>
    public int MessageBytes { get; init; } = 100;

    /// <summary>Messages each worker sends. Default 1000.</summary>
    public int Messages { get; init; } = 1000;

    /// <summary>Send rate per worker; 0 = as fast as possible. Default 0.</summary>
    public int RatePerSecond { get; init; }

    /// <summary>How keys are chosen. Default <see cref="KeyPolicy.None"/>.</summary>
    public KeyPolicy KeyPolicy { get; init; } = KeyPolicy.None;

    /// <summary>Raw librdkafka properties applied last. Default empty.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = Empty.Map;

    /// <summary>Where the workers run. Default <see cref="WorkerProcess.InProcess"/>.</summary>
    public WorkerProcess Process { get; init; } = WorkerProcess.InProcess;
}
