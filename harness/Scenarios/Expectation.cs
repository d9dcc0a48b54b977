using KafkaChaos.Checkers;

namespace KafkaChaos.Scenarios;

/// <summary>
/// One block of expected outcomes, optionally limited to Kafka versions: conditions over <see cref="CheckCounts"/> names
/// (camelCase) and over failure counts by error code name.
/// </summary>
public sealed record Expectation
{
    /// <summary>Versions this block applies to. Default null (every version).</summary>
    public KafkaVersionRange? Kafka { get; init; }

    /// <summary>Conditions by count name (<c>ackedLost</c>, <c>duplicatesInLog</c>, ...), in file order. Default empty.</summary>
    public IReadOnlyList<KeyValuePair<string, Condition>> Counts { get; init; } = [];

    /// <summary>Conditions by error code name (<c>NOT_ENOUGH_REPLICAS</c>, or <c>any</c> for the total), in file order. Default empty.</summary>
    public IReadOnlyList<KeyValuePair<string, Condition>> Errors { get; init; } = [];

    /// <summary>The error subject that means "failures of any code".</summary>
    public const string AnyError = "any";

    /// <summary>True when this block applies to <paramref name="kafkaVersion"/>.</summary>
    public bool AppliesTo(KafkaVersion kafkaVersion) => Kafka is null || Kafka.Contains(kafkaVersion);

    /// <summary>
    /// Evaluates every condition of this block (none when the block does not apply to the version).
    /// An error code absent from <paramref name="failuresByError"/> counts as 0.
    /// </summary>
    public IReadOnlyList<ConditionResult> Evaluate(CheckCounts counts, IReadOnlyDictionary<string, long> failuresByError, KafkaVersion kafkaVersion)
    {
        if (!AppliesTo(kafkaVersion)) return [];
        var results = new List<ConditionResult>(Counts.Count + Errors.Count);
        foreach (var (name, condition) in Counts)
        {
            var observed = CountNames.Get(counts, name);
            results.Add(new ConditionResult(name, condition, observed, condition.IsSatisfiedBy(observed)));
        }
        foreach (var (code, condition) in Errors)
        {
            var observed = code == AnyError
                ? failuresByError.Values.Sum()
                : failuresByError.TryGetValue(code, out var n) ? n : 0;
            results.Add(new ConditionResult($"errors.{code}", condition, observed, condition.IsSatisfiedBy(observed)));
        }
        return results;
    }
}
