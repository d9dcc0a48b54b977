namespace KafkaChaos.Audit;

/// <summary>
/// The delivery-relevant settings an audit reports, with librdkafka 2.x's defaults (CONFIGURATION.md), so the report
/// says what a client that does not set them gets.
/// </summary>
internal static class DeliveryDefaults
{
    /// <summary>Producer settings → librdkafka default.</summary>
    public static IReadOnlyList<(string Name, string Default)> Producer { get; } =
    [
        ("acks", "all"),
        ("enable.idempotence", "false"),
        ("message.send.max.retries", "2147483647"),
        ("max.in.flight.requests.per.connection", "1000000"),
        ("message.timeout.ms", "300000"),
        ("request.timeout.ms", "30000"),
        ("linger.ms", "5"),
        ("retry.backoff.ms", "100"),
        ("retry.backoff.max.ms", "1000"),
        ("batch.size", "1000000"),
    ];

    /// <summary>Consumer settings → librdkafka default.</summary>
    public static IReadOnlyList<(string Name, string Default)> Consumer { get; } =
    [
        ("enable.auto.commit", "true"),
        ("auto.commit.interval.ms", "5000"),
        ("enable.auto.offset.store", "true"),
        ("isolation.level", "read_committed"),
        ("auto.offset.reset", "largest"),
        ("session.timeout.ms", "45000"),
    ];

    /// <summary>The effective value of <paramref name="name"/> in <paramref name="config"/>: the user's, else the default.</summary>
    public static string Value(ValidatedConfig config, string name)
    {
        if (config.Get(name) is { } value) return value;
        var defaults = config.Role == ClientRole.Producer ? Producer : Consumer;
        return defaults.First(d => d.Name == name).Default;
    }
}
