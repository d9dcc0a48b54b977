namespace KafkaChaos.Audit;

/// <summary>One configuration under audit: the team's producer, consumer and topic settings and the application's pattern, validated.</summary>
/// <param name="Label">Short name used in reports and scenario names (<c>base</c>, <c>compare</c>).</param>
internal sealed record AuditConfiguration(string Label, ValidatedConfig Producer, ValidatedConfig Consumer, TopicSettings Topic, AppPattern Pattern)
{
    /// <summary>The commit mode in force: the option, else the consumer file's <c>enable.auto.commit</c> (librdkafka default true).</summary>
    public AuditCommitMode CommitMode => Pattern.CommitMode
        ?? (string.Equals(DeliveryDefaults.Value(Consumer, "enable.auto.commit"), "true", StringComparison.OrdinalIgnoreCase) ? AuditCommitMode.Auto : AuditCommitMode.AfterProcessing);

    /// <summary>True when the producer asks for the idempotent producer.</summary>
    public bool Idempotent => string.Equals(DeliveryDefaults.Value(Producer, "enable.idempotence"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>acks as <c>0</c>, <c>1</c> or <c>all</c> (librdkafka's <c>-1</c> read as all).</summary>
    public string Acks => DeliveryDefaults.Value(Producer, "acks") switch { "-1" => "all", var a => a };

    /// <summary>Builds and validates a configuration; every problem across the files is reported together.</summary>
    /// <exception cref="AuditInputException">Any file or option is invalid, or they contradict each other.</exception>
    public static AuditConfiguration Create(string label, string? producerSpec, string? consumerSpec, TopicSettings topic, AppPattern pattern)
    {
        var problems = new List<string>();
        ValidatedConfig Read(string? spec, ClientRole role)
        {
            if (spec is null) return ValidatedConfig.Defaults(role);
            try
            {
                return ConfigValidator.Validate(ClientConfigFile.Load(spec), role);
            }
            catch (AuditInputException ex)
            {
                problems.AddRange(ex.Problems);
                return ValidatedConfig.Defaults(role);
            }
        }
        var producer = Read(producerSpec, ClientRole.Producer);
        var consumer = Read(consumerSpec, ClientRole.Consumer);
        var configuration = new AuditConfiguration(label, producer, consumer, topic, pattern);
        if (pattern.CommitMode is { } mode && consumer.Properties.TryGetValue("enable.auto.commit", out var auto) && string.Equals(auto.Value, "true", StringComparison.OrdinalIgnoreCase) != (mode == AuditCommitMode.Auto))
            problems.Add($"{auto.Origin}: enable.auto.commit={auto.Value} contradicts --commit-mode {AppPattern.CommitModes.First(m => m.Value == mode).Key}");
        if (problems.Count > 0) throw new AuditInputException(problems);
        return configuration;
    }

    /// <summary>The delivery-relevant settings in force, defaults filled in, each saying whether the user set it.</summary>
    public IReadOnlyList<EffectiveSetting> Effective()
    {
        var list = new List<EffectiveSetting>();
        void Add(ValidatedConfig config, IEnumerable<(string Name, string Default)> defaults)
        {
            foreach (var (name, value) in defaults)
            {
                list.Add(config.Properties.TryGetValue(name, out var entry)
                    ? new EffectiveSetting(name, entry.Value, true, entry.Origin)
                    : new EffectiveSetting(name, value, false, "librdkafka default"));
            }
        }
        Add(Producer, DeliveryDefaults.Producer);
        Add(Consumer, DeliveryDefaults.Consumer.Where(d => d.Name is not ("enable.auto.commit" or "session.timeout.ms")));
        list.Add(Consumer.Properties.TryGetValue("session.timeout.ms", out var session)
            ? new EffectiveSetting("session.timeout.ms", session.Value, true, session.Origin)
            : new EffectiveSetting("session.timeout.ms", "6000", false, "audit (librdkafka's 45000 exceeds Kafka 0.9's group.max.session.timeout.ms; a crashed member must leave within the run)"));
        list.Add(new EffectiveSetting("enable.auto.commit", CommitMode == AuditCommitMode.Auto ? "true" : "false",
            Pattern.CommitMode is not null || Consumer.Properties.ContainsKey("enable.auto.commit"),
            Pattern.CommitMode is not null ? "--commit-mode" : Consumer.Properties.TryGetValue("enable.auto.commit", out var e) ? e.Origin : "librdkafka default"));
        list.AddRange(Topic.Effective());
        list.Add(new EffectiveSetting("send mode", Pattern.SendModeText, Pattern.SendMode != Scenarios.SendMode.AwaitEach, "--send-mode"));
        list.Add(new EffectiveSetting("commit mode", AppPattern.CommitModes.First(m => m.Value == CommitMode).Key, Pattern.CommitMode is not null, Pattern.CommitMode is null ? "from enable.auto.commit" : "--commit-mode"));
        list.Add(new EffectiveSetting("dedupe", Pattern.Dedupe ? "on" : "off", Pattern.Dedupe, "--dedupe"));
        return list;
    }
}
