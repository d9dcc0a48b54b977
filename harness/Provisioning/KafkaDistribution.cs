namespace KafkaChaos.Provisioning;

/// <summary>An unpacked Apache Kafka distribution: its directory, its version, and where it came from.</summary>
internal sealed record KafkaDistribution(string Home, Version Version, string Source)
{
    public string Libs => Path.Combine(Home, "libs");

    /// <summary>The JVM class path: every jar of <c>libs/</c>.</summary>
    public string ClassPath => Path.Combine(Libs, "*");

    public bool UsesKRaft => KafkaVersionInfo.UsesKRaft(Version);

    /// <summary>Loads the distribution at <paramref name="home"/>, failing clearly when it is not one.</summary>
    public static KafkaDistribution Open(string home, string source)
    {
        if (!Directory.Exists(home))
            throw new ProvisioningException($"Kafka distribution not found: {home} (from {source}) does not exist.");
        var version = KafkaVersionInfo.DetectFromDistribution(home)
            ?? throw new ProvisioningException(
                $"{home} (from {source}) is not a usable Kafka distribution: no libs/kafka_<scala>-<version>.jar. " +
                "Point KAFKA_HOME at an unpacked Apache Kafka binary release, or unset it to use the cached one.");
        return new KafkaDistribution(home, version, source);
    }
}
