using System.Globalization;

namespace KafkaChaos.Audit;

/// <summary>The team's topic settings; unset ones take the audit's defaults (3 replicas, Kafka's min.insync.replicas=1, no unclean election).</summary>
/// <param name="Source">The file they came from, or the options.</param>
internal sealed record TopicSettings(string Source, int ReplicationFactor = 3, int MinInsyncReplicas = 1, bool UncleanLeaderElection = false,
    IReadOnlySet<string>? FromUser = null)
{
    /// <summary>The settings' names as a topic (or <c>kafka-topics</c>) spells them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["replication.factor", "min.insync.replicas", "unclean.leader.election.enable"];

    /// <summary>Reads a topic file (<c>.properties</c> or JSON, same forms as client files) and applies command-line overrides on top.</summary>
    /// <exception cref="AuditInputException">An unknown key or a bad value.</exception>
    public static TopicSettings Load(string? spec, int? replicationFactor, int? minInsyncReplicas, bool? unclean)
    {
        var file = spec is null ? ClientConfigFile.None : ClientConfigFile.Load(spec);
        var values = new Dictionary<string, (string Value, string Origin)>();
        var problems = new List<string>();
        foreach (var entry in file.Entries)
        {
            var key = entry.Key switch { "ReplicationFactor" => "replication.factor", "MinInsyncReplicas" => "min.insync.replicas", "UncleanLeaderElectionEnable" => "unclean.leader.election.enable", _ => entry.Key };
            if (!Names.Contains(key))
            {
                var nearest = Nearest.Of(key, Names);
                problems.Add($"{entry.Origin}: unknown topic setting '{entry.Key}' (expected {string.Join(", ", Names)})" + (nearest is null ? "" : $"; did you mean '{nearest}'?"));
                continue;
            }
            values[key] = (entry.Value, entry.Origin);
        }
        if (replicationFactor is { } rf) values["replication.factor"] = (rf.ToString(CultureInfo.InvariantCulture), "--replication-factor");
        if (minInsyncReplicas is { } isr) values["min.insync.replicas"] = (isr.ToString(CultureInfo.InvariantCulture), "--min-insync-replicas");
        if (unclean is { } u) values["unclean.leader.election.enable"] = (u ? "true" : "false", "--unclean-leader-election");

        int Int(string key, int fallback, int max)
        {
            if (!values.TryGetValue(key, out var v)) return fallback;
            if (int.TryParse(v.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) return n;
            problems.Add($"{v.Origin}: {key} must be a whole number from 1 to {max} (the audit cluster has 3 brokers), found '{v.Value}'");
            return fallback;
        }
        var settings = new TopicSettings(spec ?? "(options)",
            Int("replication.factor", 3, 3),
            Int("min.insync.replicas", 1, 3),
            values.TryGetValue("unclean.leader.election.enable", out var ule) && Bool(ule, problems),
            values.Keys.ToHashSet());
        if (problems.Count > 0) throw new AuditInputException(problems);
        return settings;
    }

    private static bool Bool((string Value, string Origin) v, List<string> problems)
    {
        if (bool.TryParse(v.Value, out var b)) return b;
        problems.Add($"{v.Origin}: unclean.leader.election.enable must be true or false, found '{v.Value}'");
        return false;
    }

    /// <summary>The settings as report lines.</summary>
    public IEnumerable<EffectiveSetting> Effective()
    {
        var user = FromUser ?? new HashSet<string>();
        yield return new("replication.factor", ReplicationFactor.ToString(CultureInfo.InvariantCulture), user.Contains("replication.factor"), user.Contains("replication.factor") ? Source : "audit default");
        yield return new("min.insync.replicas", MinInsyncReplicas.ToString(CultureInfo.InvariantCulture), user.Contains("min.insync.replicas"), user.Contains("min.insync.replicas") ? Source : "Kafka default");
        yield return new("unclean.leader.election.enable", UncleanLeaderElection ? "true" : "false", user.Contains("unclean.leader.election.enable"), user.Contains("unclean.leader.election.enable") ? Source : "Kafka 0.11+ default");
    }
}
