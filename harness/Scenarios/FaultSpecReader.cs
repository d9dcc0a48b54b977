using YamlDotNet.RepresentationModel;

namespace KafkaChaos.Scenarios;

/// <summary>Reads a scenario's <c>faults</c> entries: kind, target, the <c>at</c> and <c>heal</c> moments, parameters.</summary>
internal static class FaultSpecReader
{
    /// <summary>Reads one entry of <c>faults</c>; null when it is not a fault (the problems are in <paramref name="errors"/>).</summary>
    public static FaultSpec? Read(YamlErrors errors, YamlNode node, string path, int index, int total)
    {
        var s = YamlSection.Open(errors, node, path, ScenarioKeys.Fault, "a fault");
        if (s is null) return null;
        s.Require("fault", $"one of {string.Join(" | ", ScenarioKeys.EnumTexts<FaultKind>())}");
        if (!s.Has("fault")) return null;
        var kind = s.Enum("fault", FaultKind.LeaderKill);
        var name = s.String("name") ?? (total == 1 ? ScenarioKeys.EnumText(kind) : $"{ScenarioKeys.EnumText(kind)}-{index}");
        return new FaultSpec
        {
            Name = name,
            Fault = kind,
            Target = ReadTarget(s),
            At = ReadTrigger(s, "at", ScenarioKeys.At, Trigger.AtStart),
            Heal = ReadTrigger(s, "heal", ScenarioKeys.Heal, Trigger.AtHealPhase),
            Params = s.StringMap("params"),
            Optional = s.Bool("optional", false),
        };
    }

    private static FaultTarget ReadTarget(YamlSection fault)
    {
        var s = fault.Section("target", ScenarioKeys.Target, "a fault target");
        if (s is null) return FaultTarget.Default;
        var partition = s.Int("partition", 0, 0, 999);
        int? count = s.Has("count") ? s.Int("count", 1, 1, 9) : null;
        if (count is not null && !s.Has("role"))
            s.Errors.Add(s.Get("count")!, s.PathOf("count"), "count picks brokers of a role; expected it together with role");
        var chosen = new[] { "role", "broker", "consumer", "producer", "group" }.Where(s.Has).ToList();
        if (chosen.Count > 1)
        {
            s.Errors.Add(s.Node, s.Path, $"expected at most one of role, broker, consumer, producer, group; found {string.Join(", ", chosen)}");
            return FaultTarget.Default;
        }
        if (chosen.Count == 0) return new FaultTarget(Partition: partition);
        switch (chosen[0])
        {
            case "role":
                var role = s.String("role");
                switch (role)
                {
                    case "leader": return new FaultTarget(TargetKind.Leader, Partition: partition, Count: count);
                    case "followers": return new FaultTarget(TargetKind.Followers, Partition: partition, Count: count);
                    case "isr": return new FaultTarget(TargetKind.Isr, Partition: partition, Count: count);
                    case "all": return new FaultTarget(TargetKind.AllBrokers, Partition: partition, Count: count);
                    case null: return FaultTarget.Default;
                    default:
                        var nearest = ScenarioKeys.Nearest(role, ScenarioKeys.Roles);
                        s.Errors.Add(s.Get("role")!, s.PathOf("role"), $"unknown role '{role}' (expected leader | followers | isr | all){(nearest is null ? "" : $"; did you mean '{nearest}'?")}");
                        return FaultTarget.Default;
                }
            case "broker": return new FaultTarget(TargetKind.Broker, s.Int("broker", 1, 1, 9), Partition: partition);
            case "consumer": return new FaultTarget(TargetKind.Consumer, s.Int("consumer", 0, 0, 63), Partition: partition);
            case "producer": return new FaultTarget(TargetKind.Producer, s.Int("producer", 0, 0, 63), Partition: partition);
            default: return new FaultTarget(TargetKind.Group, Group: s.String("group"), Partition: partition);
        }
    }

    private static Trigger ReadTrigger(YamlSection fault, string key, IReadOnlyList<string> allowed, Trigger defaultValue)
    {
        var node = fault.Get(key);
        if (node is null) return defaultValue;
        var path = fault.PathOf(key);
        var errors = fault.Errors;
        // Flag triggers may be written as a bare word: `heal: never`, `at: atStart`.
        if (node is YamlScalarNode { Value: { Length: > 0 } word })
        {
            var flags = allowed.Where(k => k is "atStart" or "atHealPhase" or "never").ToList();
            if (flags.Contains(word)) return new Trigger(Enum.Parse<TriggerKind>(word, ignoreCase: true));
            errors.Add(node, path, $"expected {string.Join(" | ", flags)} or a mapping with one of {string.Join(", ", allowed)}, found '{word}'");
            return defaultValue;
        }
        var s = YamlSection.Open(errors, node, path, allowed, key == "at" ? "a fault trigger" : "a heal trigger");
        if (s is null) return defaultValue;
        var keys = s.Keys.ToList();
        if (keys.Count != 1)
        {
            errors.Add(node, path, $"expected exactly one of {string.Join(", ", allowed)}; found {(keys.Count == 0 ? "none" : string.Join(", ", keys))}");
            return defaultValue;
        }
        var which = keys[0];
        var kind = Enum.Parse<TriggerKind>(which, ignoreCase: true);
        switch (kind)
        {
            case TriggerKind.AtStart or TriggerKind.AtHealPhase or TriggerKind.Never:
                if (!s.Bool(which, true)) errors.Add(s.Get(which)!, s.PathOf(which), $"'{which}' only takes true; omit the trigger for the default");
                return new Trigger(kind);
            case TriggerKind.AfterFault or TriggerKind.AfterInjected:
                return new Trigger(kind, FaultName: s.String(which) ?? "");
            case TriggerKind.WhenIsrShrinksTo:
                return new Trigger(kind, s.Long(which, 1, 1, 9));
            default:
                return new Trigger(kind, s.Long(which, 0, kind == TriggerKind.AfterMs ? 0 : 1));
        }
    }
}
