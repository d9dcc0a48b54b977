using YamlDotNet.RepresentationModel;

namespace KafkaChaos.Scenarios;

/// <summary>Reads what a scenario expects: <c>expect</c> blocks (conditions on counts, errors, findings), <c>notApplicable</c> rules, <c>compare</c>.</summary>
internal static class ExpectationReader
{
    /// <summary>Reads one <c>expect</c> block; null when it is not one (the problems are in <paramref name="errors"/>).</summary>
    public static Expectation? ReadExpectation(YamlErrors errors, YamlNode node, string path)
    {
        var s = YamlSection.Open(errors, node, path, ScenarioKeys.Expect, "an expectation block");
        if (s is null) return null;
        var errorsBefore = errors.All.Count;
        var counts = Conditions(s, "counts", name =>
            CountNames.IsKnown(name) ? null : $"unknown count '{name}' (expected one of {string.Join(", ", CountNames.All)}){Suggest(name, CountNames.All)}");
        var codes = Conditions(s, "errors", code =>
            code == Expectation.AnyError || ErrorCodeNames.IsKnown(code) ? null : $"unknown error code '{code}' (expected a librdkafka error name such as NOT_ENOUGH_REPLICAS, MSG_SIZE_TOO_LARGE, _MSG_TIMED_OUT, or 'any'){Suggest(code, ErrorCodeNames.All)}");
        var findings = Conditions(s, "findings", kind =>
            FindingNames.IsKnown(kind) ? null : $"unknown finding '{kind}' (expected one of {string.Join(", ", FindingNames.All)}){Suggest(kind, FindingNames.All)}");
        if (counts.Count + codes.Count + findings.Count == 0 && errors.All.Count == errorsBefore)
            errors.Add(node, path, "expected at least one condition under counts, errors or findings");
        return new Expectation { Kafka = Range(s, "kafka"), Counts = counts, Errors = codes, Findings = findings };
    }

    private static string Suggest(string actual, IEnumerable<string> candidates) =>
        ScenarioKeys.Nearest(actual, candidates) is { } nearest ? $"; did you mean '{nearest}'?" : "";

    private static List<KeyValuePair<string, Condition>> Conditions(YamlSection s, string key, Func<string, string?> checkName)
    {
        var result = new List<KeyValuePair<string, Condition>>();
        var node = s.Get(key);
        if (node is null) return result;
        if (node is not YamlMappingNode map)
        {
            s.Errors.Add(node, s.PathOf(key), $"expected a mapping of names to conditions (e.g. ackedLost: \"== 0\"), found {YamlErrors.Describe(node)}");
            return result;
        }
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = s.Errors.Scalar(keyNode, s.PathOf(key), "a name");
            if (name is null) continue;
            var path = YamlSection.Join(s.PathOf(key), name);
            if (checkName(name) is { } problem)
            {
                s.Errors.Add(keyNode, path, problem);
                continue;
            }
            var text = s.Errors.Scalar(valueNode, path, "a condition such as \"== 0\" or \"> 0\"");
            if (text is null) continue;
            if (!Condition.TryParse(text, out var condition, out var error))
            {
                s.Errors.Add(valueNode, path, error);
                continue;
            }
            result.Add(new(name, condition));
        }
        return result;
    }

    private static KafkaVersionRange? Range(YamlSection s, string key)
    {
        var text = s.String(key);
        if (text is null) return null;
        if (KafkaVersionRange.TryParse(text, out var range, out var error)) return range;
        s.Errors.Add(s.Get(key)!, s.PathOf(key), error);
        return null;
    }

    /// <summary>Reads one <c>notApplicable</c> rule; null when it is not one.</summary>
    public static NotApplicableRule? ReadNotApplicable(YamlErrors errors, YamlNode node, string path)
    {
        var s = YamlSection.Open(errors, node, path, ScenarioKeys.NotApplicable, "a not-applicable rule");
        if (s is null) return null;
        s.Require("reason", "why the claim cannot be tested there");
        if (!s.Has("kafka") && !s.Has("requires"))
            errors.Add(node, path, "expected 'kafka' (a version range), 'requires' (a capability), or both");
        return new NotApplicableRule { Kafka = Range(s, "kafka"), Requires = s.String("requires"), Reason = s.String("reason") ?? "" };
    }

    /// <summary>Reads <c>compare</c>; null when absent or not a comparison.</summary>
    public static CompareSpec? ReadCompare(YamlSection doc)
    {
        var s = doc.Section("compare", ScenarioKeys.Compare, "a comparison");
        if (s is null) return null;
        s.Require("scenario", "the other scenario's name");
        var metrics = ScenarioKeys.EnumTexts<CompareMetric>().Where(s.Has).ToList();
        if (metrics.Count != 1)
        {
            s.Errors.Add(s.Node, s.Path, $"expected exactly one of {string.Join(", ", ScenarioKeys.EnumTexts<CompareMetric>())} with a ratio condition such as \"< 0.5\"; found {(metrics.Count == 0 ? "none" : string.Join(", ", metrics))}");
            return null;
        }
        var metric = Enum.Parse<CompareMetric>(metrics[0], ignoreCase: true);
        var text = s.String(metrics[0]) ?? "";
        if (!RatioCondition.TryParse(text, out var expected, out var error))
        {
            s.Errors.Add(s.Get(metrics[0])!, s.PathOf(metrics[0]), error);
            return null;
        }
        return new CompareSpec(s.String("scenario") ?? "", metric, expected);
    }
}
