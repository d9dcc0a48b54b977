using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KafkaChaos.Scenarios;

/// <summary>
/// Reads scenario YAML through YamlDotNet's node model, so every error names the file, line, column, key path and
/// what was expected. Unknown keys are rejected with the nearest valid key suggested; semantic checks
/// (<see cref="ScenarioValidator"/>) run on the result. All problems are reported together.
/// </summary>
internal static partial class ScenarioLoader
{
    /// <summary>Loads one scenario file; its name is the file stem.</summary>
    /// <exception cref="ScenarioLoadException">The file does not describe a valid scenario.</exception>
    public static async Task<Scenario> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(text, path);
    }

    /// <summary>Loads one scenario file synchronously.</summary>
    /// <exception cref="ScenarioLoadException">The file does not describe a valid scenario.</exception>
    public static Scenario Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses scenario YAML; <paramref name="fileName"/> gives the name (its stem) and the error location.</summary>
    /// <exception cref="ScenarioLoadException">The text does not describe a valid scenario.</exception>
    public static Scenario Parse(string yaml, string fileName)
    {
        var errors = new YamlErrors(fileName);
        var name = System.IO.Path.GetFileNameWithoutExtension(fileName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            errors.Add(e.Start.Line, e.Start.Column, "", $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
            throw new ScenarioLoadException(errors.All);
        }
        if (stream.Documents.Count != 1)
        {
            errors.Add(1, 1, "", $"expected exactly one YAML document, found {stream.Documents.Count}");
            throw new ScenarioLoadException(errors.All);
        }
        var scenario = Read(errors, stream.Documents[0].RootNode, name) with { SourcePath = fileName };
        if (errors.All.Count == 0) ScenarioValidator.Validate(scenario, errors, stream.Documents[0].RootNode);
        if (errors.All.Count > 0) throw new ScenarioLoadException(errors.All);
        return scenario;
    }

    /// <summary>The seed used when a file gives none: FNV-1a of the name, so it is stable across runs and machines.</summary>
    public static long DefaultSeed(string name)
    {
        const ulong offset = 14695981039346656037, prime = 1099511628211;
        var hash = offset;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(name))
        {
            hash ^= b;
            hash *= prime;
        }
        return (long)(hash & 0x7FFF_FFFF_FFFF_FFFF);
    }

    private static Scenario Read(YamlErrors errors, YamlNode root, string name)
    {
        var doc = YamlSection.Open(errors, root, "", ScenarioKeys.Root, "a scenario");
        if (doc is null) return Placeholder(name);
        doc.Require("claim", "the claim id from CLAIMS.md, e.g. B2");
        doc.Require("title", "a one-line statement of the claim");
        doc.Require("expect", "at least one expectation block");
        var claim = doc.String("claim") ?? "";
        if (claim.Length > 0 && !ClaimId().IsMatch(claim))
            errors.Add(doc.Get("claim")!, "claim", $"expected a claim id like P1, B2, D3, C4, K1, found '{claim}'");

        var producers = Items(doc, "producers", "producer profiles", (node, path) => ReadProducer(errors, node, path));
        var consumers = Items(doc, "consumers", "consumer profiles", (node, path) => ReadConsumer(errors, node, path));
        var faultNodes = doc.Sequence("faults", "faults");
        var faults = new List<FaultSpec>();
        for (var i = 0; i < faultNodes.Count; i++)
        {
            var fault = FaultSpecReader.Read(errors, faultNodes[i], $"faults[{i}]", i, faultNodes.Count);
            if (fault is not null) faults.Add(fault);
        }

        return new Scenario
        {
            Name = name,
            Claim = claim,
            Title = doc.String("title") ?? "",
            Categories = ReadCategories(errors, doc),
            Seed = doc.Has("seed") ? doc.Long("seed", DefaultSeed(name)) : DefaultSeed(name),
            Cluster = ReadCluster(doc),
            Topic = ReadTopic(doc),
            Producers = producers,
            Consumers = consumers,
            Faults = faults,
            Phases = ReadPhases(doc),
            Expect = Items(doc, "expect", "expectation blocks", (node, path) => ExpectationReader.ReadExpectation(errors, node, path)),
            NotApplicable = Items(doc, "notApplicable", "not-applicable rules", (node, path) => ExpectationReader.ReadNotApplicable(errors, node, path)),
            Compare = ExpectationReader.ReadCompare(doc),
        };
    }

    private static Scenario Placeholder(string name) => new() { Name = name, Claim = "", Title = "" };

    private static List<T> Items<T>(YamlSection doc, string key, string what, Func<YamlNode, string, T?> read) where T : class
    {
        var result = new List<T>();
        var nodes = doc.Sequence(key, what);
        for (var i = 0; i < nodes.Count; i++)
        {
            var item = read(nodes[i], $"{doc.PathOf(key)}[{i}]");
            if (item is not null) result.Add(item);
        }
        return result;
    }

    private static IReadOnlyList<string> ReadCategories(YamlErrors errors, YamlSection doc)
    {
        var result = new List<string>();
        var nodes = doc.Sequence("categories", "categories");
        for (var i = 0; i < nodes.Count; i++)
        {
            var path = $"categories[{i}]";
            var text = errors.Scalar(nodes[i], path, "a category");
            if (text is null) continue;
            if (!ScenarioKeys.Categories.Contains(text))
            {
                var nearest = ScenarioKeys.Nearest(text, ScenarioKeys.Categories);
                errors.Add(nodes[i], path, $"unknown category '{text}' (expected one of {string.Join(", ", ScenarioKeys.Categories)}){(nearest is null ? "" : $"; did you mean '{nearest}'?")}");
                continue;
            }
            if (!result.Contains(text)) result.Add(text);
        }
        return result;
    }

    private static ClusterSpec ReadCluster(YamlSection doc)
    {
        var s = doc.Section("cluster", ScenarioKeys.Cluster, "cluster");
        var d = new ClusterSpec();
        if (s is null) return d;
        return new ClusterSpec
        {
            Brokers = s.Int("brokers", d.Brokers, 1, 9),
            ReplicationFactor = s.Int("replicationFactor", d.ReplicationFactor, 1, 9),
            MinInsyncReplicas = s.Int("minInsyncReplicas", d.MinInsyncReplicas, 1, 9),
            UncleanLeaderElection = s.Bool("uncleanLeaderElection", d.UncleanLeaderElection),
            BrokerOverrides = s.StringMap("brokerOverrides"),
        };
    }

    private static TopicSpec ReadTopic(YamlSection doc)
    {
        var s = doc.Section("topic", ScenarioKeys.Topic, "topic");
        var d = new TopicSpec();
        if (s is null) return d;
        var name = s.String("name");
        if (name is not null && !TopicName().IsMatch(name))
            s.Errors.Add(s.Get("name")!, s.PathOf("name"), $"'{name}' is not a legal topic name (expected letters, digits, '.', '_', '-', at most 249 characters)");
        return new TopicSpec
        {
            Name = name,
            Partitions = s.Int("partitions", d.Partitions, 1, 1000),
            Overrides = s.StringMap("overrides"),
        };
    }

    private static ProducerProfile? ReadProducer(YamlErrors errors, YamlNode node, string path)
    {
        var s = YamlSection.Open(errors, node, path, ScenarioKeys.Producer, "a producer profile");
        if (s is null) return null;
        var d = new ProducerProfile();
        return new ProducerProfile
        {
            Count = s.Int("count", d.Count, 1, 64),
            SendMode = s.Enum("sendMode", d.SendMode),
            Acks = ReadAcks(s, d.Acks),
            Retries = s.Int("retries", d.Retries, 0),
            RetryBackoffMs = s.Int("retryBackoffMs", d.RetryBackoffMs, 0),
            RetryBackoffMaxMs = s.Int("retryBackoffMaxMs", d.RetryBackoffMaxMs, 0),
            DeliveryTimeoutMs = s.Int("deliveryTimeoutMs", d.DeliveryTimeoutMs, 1),
            RequestTimeoutMs = s.Int("requestTimeoutMs", d.RequestTimeoutMs, 1),
            MaxInFlight = s.Int("maxInFlight", d.MaxInFlight, 1, 1_000_000),
            Idempotence = s.Bool("idempotence", d.Idempotence),
            LingerMs = s.Int("lingerMs", d.LingerMs, 0),
            BatchSize = s.Int("batchSize", d.BatchSize, 1),
            MessageBytes = s.Int("messageBytes", d.MessageBytes, ScenarioValidator.MinMessageBytes, 100_000_000),
            Messages = s.Int("messages", d.Messages, 1, 10_000_000),
            RatePerSecond = s.Int("ratePerSecond", d.RatePerSecond, 0),
            KeyPolicy = s.Enum("keyPolicy", d.KeyPolicy),
            Properties = s.StringMap("properties"),
            Process = s.Enum("process", d.Process),
        };
    }

    private static AcksMode ReadAcks(YamlSection s, AcksMode defaultValue)
    {
        var node = s.Get("acks");
        if (node is null) return defaultValue;
        var text = s.Errors.Scalar(node, s.PathOf("acks"), "\"0\", \"1\" or \"all\"");
        if (text is null) return defaultValue;
        if (AcksModes.TryParse(text, out var mode)) return mode;
        s.Errors.Add(node, s.PathOf("acks"), $"unknown acks '{text}' (expected \"0\", \"1\" or \"all\")");
        return defaultValue;
    }

    private static ConsumerProfile? ReadConsumer(YamlErrors errors, YamlNode node, string path)
    {
        var s = YamlSection.Open(errors, node, path, ScenarioKeys.Consumer, "a consumer profile");
        if (s is null) return null;
        var d = new ConsumerProfile();
        var reset = s.String("autoOffsetReset", d.AutoOffsetReset)!;
        if (!ScenarioKeys.OffsetResets.Contains(reset))
            errors.Add(s.Get("autoOffsetReset")!, s.PathOf("autoOffsetReset"), $"unknown value '{reset}' (expected earliest | latest)");
        return new ConsumerProfile
        {
            Group = s.String("group", d.Group)!,
            Count = s.Int("count", d.Count, 1, 64),
            Commit = s.Enum("commit", d.Commit),
            CommitEvery = s.Enum("commitEvery", d.CommitEvery),
            AutoCommitIntervalMs = s.Int("autoCommitIntervalMs", d.AutoCommitIntervalMs, 1),
            ProcessingMs = s.Int("processingMs", d.ProcessingMs, 0),
            Dedupe = s.Bool("dedupe", d.Dedupe),
            MaxPollRecords = s.Int("maxPollRecords", d.MaxPollRecords, 1, 100_000),
            AutoOffsetReset = reset,
            Properties = s.StringMap("properties"),
            Process = s.Enum("process", d.Process),
        };
    }

    private static PhaseDurations ReadPhases(YamlSection doc)
    {
        var s = doc.Section("phases", ScenarioKeys.Phases, "phases");
        var d = new PhaseDurations();
        if (s is null) return d;
        return new PhaseDurations
        {
            WarmupMs = s.Int("warmupMs", d.WarmupMs, 0, 600_000),
            FaultWindowMs = s.Int("faultWindowMs", d.FaultWindowMs, 0, 600_000),
            HealTimeoutMs = s.Int("healTimeoutMs", d.HealTimeoutMs, 0, 600_000),
            DrainMs = s.Int("drainMs", d.DrainMs, 0, 600_000),
        };
    }

    [GeneratedRegex("^[A-Z][0-9]{1,2}$")]
    private static partial Regex ClaimId();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,249}$")]
    private static partial Regex TopicName();
}
