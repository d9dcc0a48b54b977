namespace KafkaChaos.Scenarios;

/// <summary>
/// The YAML vocabulary in one table: the keys each section accepts and the spelling of every enum value.
/// The loader rejects any other key, and <c>scenarios/scenario.schema.json</c> is tested against this table.
/// </summary>
internal static class ScenarioKeys
{
    /// <summary>Top-level keys.</summary>
    public static IReadOnlyList<string> Root { get; } =
        ["claim", "title", "categories", "seed", "cluster", "topic", "producers", "consumers", "faults", "phases", "expect", "notApplicable", "compare"];

    /// <summary><c>cluster</c> keys.</summary>
    public static IReadOnlyList<string> Cluster { get; } =
        ["brokers", "replicationFactor", "minInsyncReplicas", "uncleanLeaderElection", "brokerOverrides"];

    /// <summary><c>topic</c> keys.</summary>
    public static IReadOnlyList<string> Topic { get; } = ["name", "partitions", "overrides"];

    /// <summary><c>producers[]</c> keys.</summary>
    public static IReadOnlyList<string> Producer { get; } =
    [
        "count", "sendMode", "acks", "retries", "retryBackoffMs", "retryBackoffMaxMs", "deliveryTimeoutMs", "requestTimeoutMs",
        "maxInFlight", "idempotence", "lingerMs", "batchSize", "messageBytes", "messages", "ratePerSecond", "keyPolicy",
        "properties", "process",
    ];

    /// <summary><c>consumers[]</c> keys.</summary>
    public static IReadOnlyList<string> Consumer { get; } =
        ["group", "count", "commit", "commitEvery", "autoCommitIntervalMs", "processingMs", "dedupe", "maxPollRecords", "autoOffsetReset", "properties", "process"];

    /// <summary><c>faults[]</c> keys.</summary>
    public static IReadOnlyList<string> Fault { get; } = ["name", "fault", "target", "at", "heal", "params", "optional"];

    /// <summary><c>faults[].target</c> keys.</summary>
    public static IReadOnlyList<string> Target { get; } = ["role", "count", "broker", "consumer", "producer", "group", "partition"];

    /// <summary><c>faults[].at</c> keys (exactly one).</summary>
    public static IReadOnlyList<string> At { get; } =
        ["atStart", "afterAcks", "afterSends", "afterPolls", "afterProcessed", "afterCommits", "whenIsrShrinksTo", "whenCommitAheadOfProcessing", "whenProcessingAheadOfCommit",
        "afterMs", "afterFault", "afterInjected"];

    /// <summary><c>faults[].heal</c> keys (exactly one).</summary>
    public static IReadOnlyList<string> Heal { get; } =
        ["atHealPhase", "never", "afterAcks", "afterSends", "afterPolls", "afterProcessed", "afterCommits", "afterMs", "afterFault", "afterInjected"];

    /// <summary><c>phases</c> keys.</summary>
    public static IReadOnlyList<string> Phases { get; } = ["warmupMs", "faultWindowMs", "healTimeoutMs", "drainMs"];

    /// <summary><c>expect[]</c> keys.</summary>
    public static IReadOnlyList<string> Expect { get; } = ["kafka", "counts", "errors", "findings"];

    /// <summary><c>notApplicable[]</c> keys.</summary>
    public static IReadOnlyList<string> NotApplicable { get; } = ["kafka", "requires", "reason"];

    /// <summary><c>compare</c> keys.</summary>
    public static IReadOnlyList<string> Compare { get; } = ["scenario", "throughput", "duration"];

    /// <summary><c>target.role</c> values.</summary>
    public static IReadOnlyList<string> Roles { get; } = ["leader", "followers", "isr", "all"];

    /// <summary><c>acks</c> values.</summary>
    public static IReadOnlyList<string> Acks { get; } = ["0", "1", "all"];

    /// <summary>Allowed <c>categories</c>.</summary>
    public static IReadOnlyList<string> Categories { get; } = ["claims", "producer", "broker", "consumer", "duplicates", "ordering"];

    /// <summary>Allowed <c>autoOffsetReset</c> values.</summary>
    public static IReadOnlyList<string> OffsetResets { get; } = ["earliest", "latest"];

    /// <summary>Every section by its JSON-schema definition name, for the schema test.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Sections { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["scenario"] = Root, ["cluster"] = Cluster, ["topic"] = Topic, ["producer"] = Producer, ["consumer"] = Consumer,
        ["fault"] = Fault, ["target"] = Target, ["at"] = At, ["heal"] = Heal, ["phases"] = Phases, ["expect"] = Expect,
        ["notApplicable"] = NotApplicable, ["compare"] = Compare,
    };

    /// <summary>The YAML spelling of an enum value: camelCase of its name (<c>FireAndForget</c> → <c>fireAndForget</c>).</summary>
    public static string EnumText<T>(T value) where T : struct, Enum => Camel(value.ToString());

    /// <summary>The YAML spellings of every value of <typeparamref name="T"/>.</summary>
    public static IReadOnlyList<string> EnumTexts<T>() where T : struct, Enum => Enum.GetValues<T>().Select(EnumText).ToList();

    /// <summary>The YAML key of a trigger kind (<c>afterAcks</c>, <c>whenIsrShrinksTo</c>, ...).</summary>
    public static string TriggerKey(TriggerKind kind) => Camel(kind.ToString());

    internal static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>The closest candidate to <paramref name="actual"/> by edit distance, or null when none is close.</summary>
    public static string? Nearest(string actual, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(actual.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        var limit = Math.Max(2, actual.Length / 3);
        return bestDistance <= limit ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
