using KafkaChaos.Checkers;

namespace KafkaChaos.Scenarios;

/// <summary>
/// One block of expected outcomes, optionally limited to Kafka versions: conditions over <see cref="CheckCounts"/> names
/// (camelCase) and over failure counts by error code name.
/// </summary>
internal sealed record Expectation
{
    /// <summary>Versions this block applies to. Default null (every version).</summary>
    public KafkaVersionRange? Kafka { get; init; }

    /// <summary>Conditions by count name (<c>ackedLost</c>, <c>duplicatesInLog</c>, ...), in file order. Default empty.</summary>
    public IReadOnlyList<KeyValuePair<string, Condition>> Counts { get; init; } = [];

    /// <summary>Conditions by error code name (<c>NOT_ENOUGH_REPLICAS</c>, or <c>any</c> for the total), in file order. Default empty.</summary>
    public IReadOnlyList<KeyValuePair<string, Condition>> Errors { get; init; } = [];

    /// <summary>Conditions by checker finding kind (camelCase, one of <see cref="FindingNames.All"/>, e.g. <c>truncatedAckedOffsets</c>), in file order. Default empty.</summary>
    public IReadOnlyList<KeyValuePair<string, Condition>> Findings { get; init; } = [];

    /// <summary>The error subject that means "failures of any code".</summary>
    public const string AnyError = "any";

    /// <summary>The subjects that count lost IDs: an ID absent from a partition the final read could not read may belong to them.</summary>
    private static readonly HashSet<string> LossSubjects = new(StringComparer.Ordinal)
    {
        "ackedLost", "silentlyLost", "findings.ackedLost", "findings.silentlyLost", "findings.ackedLostAfterConsumption", "findings.truncatedAckedOffsets",
    };

    /// <summary>True when this block applies to <paramref name="kafkaVersion"/>.</summary>
    public bool AppliesTo(KafkaVersion kafkaVersion) => Kafka is null || Kafka.Contains(kafkaVersion);

    /// <summary>
    /// Evaluates every condition of this block (none when the block does not apply to the version).
    /// <paramref name="failuresByError"/> counts failed and indeterminate sends by error code name; a code absent from it counts as 0,
    /// and so does a finding kind absent from <paramref name="findingsByKind"/> (the loader has refused names that are not kinds).
    /// A condition on loss whose truth the <c>unverifiable</c> finding could change is inconclusive.
    /// </summary>
    public IReadOnlyList<ConditionResult> Evaluate(CheckCounts counts, IReadOnlyDictionary<string, long> failuresByError, KafkaVersion kafkaVersion,
        IReadOnlyDictionary<string, long>? findingsByKind = null)
    {
        if (!AppliesTo(kafkaVersion)) return [];
        var unverifiable = findingsByKind is not null && findingsByKind.TryGetValue(FindingNames.Unverifiable, out var u) ? u : 0;
        ConditionResult Result(string subject, Condition condition, long observed) =>
            Expectation.Result(subject, condition, observed, counts, LossSubjects.Contains(subject) ? unverifiable : 0);
        var results = new List<ConditionResult>(Counts.Count + Errors.Count);
        foreach (var (name, condition) in Counts)
        {
            results.Add(Result(name, condition, CountNames.Get(counts, name)));
        }
        foreach (var (code, condition) in Errors)
        {
            var observed = code == AnyError
                ? failuresByError.Values.Sum()
                : failuresByError.TryGetValue(code, out var n) ? n : 0;
            results.Add(Result($"errors.{code}", condition, observed));
        }
        foreach (var (kind, condition) in Findings)
        {
            var observed = findingsByKind is not null && findingsByKind.TryGetValue(kind, out var n) ? n : 0;
            results.Add(Result($"findings.{kind}", condition, observed));
        }
        return results;
    }

    private static ConditionResult Result(string subject, Condition condition, long observed, CheckCounts counts, long unverifiable)
    {
        var target = condition.Target(counts);
        var holds = condition.Operator.Holds(observed, target);
        // The true value lies in observed .. observed + unverifiable; a comparison with the target changes its truth only
        // at target - 1, target or target + 1, so those points and the ends decide whether the whole range agrees.
        var inconclusive = unverifiable > 0 && new[] { observed + unverifiable, target - 1, target, target + 1 }
            .Where(v => v >= observed && v <= observed + unverifiable)
            .Any(v => condition.Operator.Holds(v, target) != holds);
        return new ConditionResult(subject, condition, observed, holds && !inconclusive, target, unverifiable) { Inconclusive = inconclusive };
    }
}
