using System.Text.RegularExpressions;

namespace KafkaChaos.Provisioning;

/// <summary>What a Kafka release can do, derived from its version (see CLAIMS.md, version notes).</summary>
internal static partial class KafkaVersionInfo
{
    /// <summary>KRaft (no ZooKeeper) is production-ready from 3.3; ZooKeeper mode was removed in 4.0.</summary>
    public static bool UsesKRaft(Version version) => version >= new Version(3, 3);

    /// <summary>Idempotent producer (and leader-epoch truncation) arrived in 0.11.</summary>
    public static bool SupportsIdempotence(Version version) => version >= new Version(0, 11);

    /// <summary>The ApiVersions request arrived in 0.10.0; older brokers close the connection on it.</summary>
    public static bool SupportsApiVersionRequest(Version version) => version >= new Version(0, 10);

    /// <summary>The CreateTopics request arrived in 0.10.1; before it topics are created through ZooKeeper.</summary>
    public static bool SupportsCreateTopicsRequest(Version version) => version >= new Version(0, 10, 1);

    /// <summary>unclean.leader.election.enable defaulted to true before 0.11.</summary>
    public static bool UncleanElectionDefault(Version version) => version < new Version(0, 11);

    /// <summary>
    /// Reads the version from the distribution's own jars (<c>libs/kafka_2.x-VERSION.jar</c>, else
    /// <c>libs/kafka-clients-VERSION.jar</c>); null when neither is there.
    /// </summary>
    public static Version? DetectFromDistribution(string home)
    {
        var libs = Path.Combine(home, "libs");
        if (!Directory.Exists(libs)) return null;
        return DetectFromJarNames(Directory.EnumerateFiles(libs, "*.jar").Select(Path.GetFileName).OfType<string>());
    }

    /// <summary>The version named by a distribution's jar file names (e.g. a container image's <c>libs/</c> listing); null when none does.</summary>
    public static Version? DetectFromJarNames(IEnumerable<string> fileNames)
    {
        foreach (var file in fileNames.Select(f => f.Trim()).Order())
        {
            var match = CoreJar().Match(file);
            if (!match.Success) match = ClientsJar().Match(file);
            if (match.Success && Version.TryParse(match.Groups["version"].Value, out var version)) return version;
        }
        return null;
    }

    [GeneratedRegex(@"^kafka_\d+\.\d+-(?<version>\d+\.\d+\.\d+(\.\d+)?)\.jar$")]
    private static partial Regex CoreJar();

    [GeneratedRegex(@"^kafka-clients-(?<version>\d+\.\d+\.\d+(\.\d+)?)\.jar$")]
    private static partial Regex ClientsJar();
}
