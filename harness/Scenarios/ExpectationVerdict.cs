using KafkaChaos.Checkers;

namespace KafkaChaos.Scenarios;

/// <summary>All evaluated conditions of a scenario for one Kafka version.</summary>
/// <param name="Results">Every condition from every block that applies to the version.</param>
/// <param name="Passed">True when at least one condition applied and all held: a scenario with nothing to check never passes.</param>
internal sealed record ExpectationVerdict(IReadOnlyList<ConditionResult> Results, bool Passed)
{
    /// <summary>True when no condition failed for certain but some could not be decided (unverifiable IDs).</summary>
    public bool Inconclusive => !Passed && Results.Count > 0 && Results.Any(r => r.Inconclusive) && Results.All(r => r.Passed || r.Inconclusive);

    /// <summary>Evaluates every block against the observations.</summary>
    public static ExpectationVerdict Evaluate(IEnumerable<Expectation> blocks, CheckCounts counts, IReadOnlyDictionary<string, long> failuresByError, KafkaVersion kafkaVersion,
        IReadOnlyDictionary<string, long>? findingsByKind = null)
    {
        var results = blocks.SelectMany(b => b.Evaluate(counts, failuresByError, kafkaVersion, findingsByKind)).ToList();
        return new ExpectationVerdict(results, results.Count > 0 && results.All(r => r.Passed));
    }

    /// <summary>Failed conditions as "expected vs observed" lines, or a note when nothing applied.</summary>
    public string Describe() => Results.Count == 0
        ? "no expectation applies to this Kafka version"
        : string.Join("; ", Results.Select(r => r.ToString()));
}
