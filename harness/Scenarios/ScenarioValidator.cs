using YamlDotNet.RepresentationModel;

namespace KafkaChaos.Scenarios;

/// <summary>
/// Semantic checks that a single key cannot make: things Kafka or the runner cannot do (replication factor above
/// the broker count, a target that does not exist, a trigger naming an unknown fault, a cycle of fault triggers).
/// Legal-but-failing Kafka configurations (min.insync.replicas above the replication factor) are allowed on purpose.
/// </summary>
internal static class ScenarioValidator
{
    /// <summary>The smallest payload that holds a message ID (producer, sequence) and its framing.</summary>
    public const int MinMessageBytes = 24;

    public static void Validate(Scenario s, YamlErrors errors, YamlNode root)
    {
        void Error(string path, string message) => Report(errors, root, path, message);

        if (s.Cluster.ReplicationFactor > s.Cluster.Brokers)
            Error("cluster.replicationFactor", $"replication factor {s.Cluster.ReplicationFactor} exceeds the {s.Cluster.Brokers} brokers (expected ≤ brokers)");
        if (s.Producers.Count == 0)
            Error("producers", "expected at least one producer profile (every claim needs acknowledged IDs to check)");

        for (var i = 0; i < s.Producers.Count; i++)
        {
            var p = s.Producers[i];
            if (p.Idempotence && p.Acks != AcksMode.All)
                Error($"producers[{i}].acks", "idempotence requires acks \"all\" (librdkafka refuses the combination)");
            if (p.Idempotence && p.MaxInFlight > 5)
                Error($"producers[{i}].maxInFlight", "idempotence requires maxInFlight ≤ 5");
            if (p.RetryBackoffMaxMs < p.RetryBackoffMs)
                Error($"producers[{i}].retryBackoffMaxMs", $"expected ≥ retryBackoffMs ({p.RetryBackoffMs})");
        }

        var groups = s.Consumers.Select(c => c.Group).ToHashSet(StringComparer.Ordinal);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < s.Faults.Count; i++)
        {
            var f = s.Faults[i];
            if (!names.TryAdd(f.Name, i))
                Error($"faults[{i}].name", $"duplicate fault name '{f.Name}' (also faults[{names[f.Name]}])");
        }

        for (var i = 0; i < s.Faults.Count; i++)
        {
            var f = s.Faults[i];
            var path = $"faults[{i}]";
            ValidateTarget(s, f, groups, $"{path}.target", Error);
            ValidateParameters(f, $"{path}.params", Error);
            ValidateTrigger(s, f, f.At, names, $"{path}.at", Error);
            ValidateTrigger(s, f, f.Heal, names, $"{path}.heal", Error);
        }
        ValidateNoCycles(s, names, Error);

        if (s.Expect.Count == 0)
            Error("expect", "expected at least one expectation block");
        if (s.Compare is { } compare && compare.With == s.Name)
            Error("compare.scenario", "a scenario cannot be compared with itself");
    }

    private static void ValidateTarget(Scenario s, FaultSpec f, HashSet<string> groups, string path, Action<string, string> error)
    {
        var t = f.Target;
        if (t.Count is { } count && count > s.Cluster.ReplicationFactor)
            error($"{path}.count", $"a partition has only {s.Cluster.ReplicationFactor} replicas (expected count ≤ replicationFactor)");
        if (t.Partition >= s.Topic.Partitions)
            error($"{path}.partition", $"partition {t.Partition} does not exist (the topic has {s.Topic.Partitions})");
        switch (t.Kind)
        {
            case TargetKind.Broker when t.Index > s.Cluster.Brokers:
                error($"{path}.broker", $"broker {t.Index} does not exist (brokers are numbered 1..{s.Cluster.Brokers})");
                break;
            case TargetKind.Consumer when t.Index >= s.ConsumerWorkers:
                error($"{path}.consumer", $"consumer {t.Index} does not exist ({s.ConsumerWorkers} consumer workers, numbered from 0)");
                break;
            case TargetKind.Producer when t.Index >= s.ProducerWorkers:
                error($"{path}.producer", $"producer {t.Index} does not exist ({s.ProducerWorkers} producer workers, numbered from 0)");
                break;
            case TargetKind.Group when t.Group is null || !groups.Contains(t.Group):
                error($"{path}.group", $"group '{t.Group}' is not a consumer group of this scenario (expected one of {string.Join(", ", groups)})");
                break;
        }

        var info = FaultKinds.Of(f.Fault);
        if (t.Kind != TargetKind.Default && !info.Targets.Contains(t.Kind))
            error(path, $"{info.Name} cannot target {t} (expected {string.Join(" | ", info.Targets.Select(ScenarioKeys.EnumText))})");

        if (info.NeedsConsumers && s.ConsumerWorkers == 0)
            error(path, $"{info.Name} needs at least one consumer");
        if (f.Fault == FaultKind.ConsumerCrash && CrashedConsumers(s, t).Any(c => c.Process != WorkerProcess.Child))
            error(path, "consumerCrash kills a process: the targeted consumer profile needs process: child");
        if (f.Fault == FaultKind.ProducerCrash && CrashedProducers(s, t).Any(p => p.Process != WorkerProcess.Child))
            error(path, "producerCrash kills a process: the targeted producer profile needs process: child");
    }

    /// <summary>Every parameter name known to the kind and every value parseable; required ones present.</summary>
    private static void ValidateParameters(FaultSpec f, string path, Action<string, string> error)
    {
        var info = FaultKinds.Of(f.Fault);
        foreach (var (name, value) in f.Params)
        {
            if (info.Parameter(name) is not { } parameter)
            {
                var valid = info.Parameters.Select(p => p.Name).ToList();
                var nearest = ScenarioKeys.Nearest(name, valid);
                error($"{path}.{name}", valid.Count == 0
                    ? $"{info.Name} takes no parameters, found '{name}'"
                    : $"unknown parameter '{name}' for {info.Name} (expected one of {string.Join(", ", valid)}){(nearest is null ? "" : $"; did you mean '{nearest}'?")}");
                continue;
            }
            if (parameter.Check(value) is { } problem) error($"{path}.{name}", $"{info.Name} params.{name}: {problem}");
        }
        foreach (var name in info.RequiredParameters.Where(n => !f.Params.ContainsKey(n)))
            error(path, $"{info.Name} needs params.{name} ({info.Parameter(name)?.Description})");
    }

    private static IEnumerable<ConsumerProfile> CrashedConsumers(Scenario s, FaultTarget t) => t.Kind switch
    {
        TargetKind.Consumer => WorkerProfile(s.Consumers, c => c.Count, t.Index ?? 0),
        TargetKind.Group => s.Consumers.Where(c => c.Group == t.Group),
        _ => s.Consumers.Take(1),
    };

    private static IEnumerable<ProducerProfile> CrashedProducers(Scenario s, FaultTarget t) =>
        t.Kind == TargetKind.Producer ? WorkerProfile(s.Producers, p => p.Count, t.Index ?? 0) : s.Producers.Take(1);

    private static IEnumerable<T> WorkerProfile<T>(IReadOnlyList<T> profiles, Func<T, int> count, int index)
    {
        foreach (var profile in profiles)
        {
            if (index < count(profile)) return [profile];
            index -= count(profile);
        }
        return [];
    }

    private static void ValidateTrigger(Scenario s, FaultSpec f, Trigger t, Dictionary<string, int> names, string path, Action<string, string> error)
    {
        var key = $"{path}.{ScenarioKeys.TriggerKey(t.Kind)}";
        switch (t.Kind)
        {
            case TriggerKind.AfterFault or TriggerKind.AfterInjected when t.FaultName == f.Name:
                error(key, $"fault '{f.Name}' cannot wait for itself");
                break;
            case TriggerKind.AfterFault or TriggerKind.AfterInjected when t.FaultName is null || !names.ContainsKey(t.FaultName):
                var nearest = t.FaultName is null ? null : ScenarioKeys.Nearest(t.FaultName, names.Keys);
                error(key, $"no fault named '{t.FaultName}' (expected one of {string.Join(", ", names.Keys)}){(nearest is null ? "" : $"; did you mean '{nearest}'?")}");
                break;
            case TriggerKind.AfterFault when s.Faults[names[t.FaultName]].Heal.Kind == TriggerKind.Never:
                error(key, $"fault '{t.FaultName}' never heals, so this trigger would never fire (use afterInjected to follow its injection)");
                break;
            case TriggerKind.WhenIsrShrinksTo when t.Count >= s.Cluster.ReplicationFactor:
                error(key, $"the ISR can only shrink below the replication factor {s.Cluster.ReplicationFactor} (expected 1..{s.Cluster.ReplicationFactor - 1})");
                break;
            case TriggerKind.AfterPolls or TriggerKind.AfterProcessed or TriggerKind.AfterCommits
                or TriggerKind.WhenCommitAheadOfProcessing or TriggerKind.WhenProcessingAheadOfCommit when s.ConsumerWorkers == 0:
                error(key, $"{ScenarioKeys.TriggerKey(t.Kind)} counts consumer events, but the scenario has no consumers");
                break;
            case TriggerKind.AfterAcks or TriggerKind.AfterSends when t.Count > s.Producers.Sum(p => (long)p.Count * p.Messages):
                error(key, $"{t.Count} exceeds the {s.Producers.Sum(p => (long)p.Count * p.Messages)} messages the producers send, so the trigger would never fire");
                break;
        }
    }

    private static void ValidateNoCycles(Scenario s, Dictionary<string, int> names, Action<string, string> error)
    {
        // Events: inject i = 2i, heal i = 2i + 1. A heal follows its own injection; afterFault waits for a heal,
        // afterInjected for an injection. A cycle among these events would never fire.
        var dependsOn = new List<int>[s.Faults.Count * 2];
        for (var i = 0; i < s.Faults.Count; i++)
        {
            dependsOn[2 * i] = [.. Dependencies(s.Faults[i].At)];
            dependsOn[2 * i + 1] = [2 * i, .. Dependencies(s.Faults[i].Heal)];
        }
        var state = new int[dependsOn.Length];
        for (var e = 0; e < dependsOn.Length; e++)
        {
            if (state[e] == 0 && Visit(e))
            {
                var i = e / 2;
                error($"faults[{i}].{(e % 2 == 0 ? "at" : "heal")}", $"fault '{s.Faults[i].Name}' is part of a cycle of afterFault/afterInjected triggers");
                return;
            }
        }

        IEnumerable<int> Dependencies(Trigger t) =>
            t.Kind is TriggerKind.AfterFault or TriggerKind.AfterInjected && t.FaultName is not null && names.TryGetValue(t.FaultName, out var j)
                ? [2 * j + (t.Kind == TriggerKind.AfterFault ? 1 : 0)]
                : [];

        bool Visit(int e)
        {
            state[e] = 1;
            foreach (var d in dependsOn[e])
            {
                if (state[d] == 1 || (state[d] == 0 && Visit(d))) return true;
            }
            state[e] = 2;
            return false;
        }
    }

    /// <summary>Records an error at the deepest node of <paramref name="path"/> that exists (e.g. the mapping when a key is absent).</summary>
    private static void Report(YamlErrors errors, YamlNode root, string path, string message)
    {
        var node = Locate(root, path);
        errors.Add(node, path, message);
    }

    internal static YamlNode Locate(YamlNode root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = part;
            int? index = null;
            var bracket = part.IndexOf('[');
            if (bracket >= 0)
            {
                key = part[..bracket];
                index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            }
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child)) return node;
            node = child;
            if (index is { } i)
            {
                if (node is not YamlSequenceNode seq || i >= seq.Children.Count) return node;
                node = seq.Children[i];
            }
        }
        return node;
    }
}
