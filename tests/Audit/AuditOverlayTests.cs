using KafkaChaos.Audit;
using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Audit;

internal sealed class AuditOverlayTests
{
    private static readonly string BatteryDirectory = AuditBattery.DefaultDirectory(AppContext.BaseDirectory);

    private static async Task<Scenario> TemplateAsync(string name) => (await AuditBattery.LoadAsync(BatteryDirectory, [name])).Single();

    [Test]
    public async Task The_battery_loads_every_fault_in_order_and_the_claim_catalog_never_sees_it()
    {
        var templates = await AuditBattery.LoadAsync(BatteryDirectory);
        Assert.That(templates.Select(t => t.Name), Is.EqualTo(AuditBattery.Order));
        Assert.That(ScenarioCatalog.ResolveFiles(Path.GetDirectoryName(BatteryDirectory)!).Where(f => Path.GetFullPath(f).StartsWith(Path.GetFullPath(BatteryDirectory), StringComparison.Ordinal)), Is.Empty);
        Assert.That(templates.Select(t => t.Cluster.Brokers + string.Join(",", t.Cluster.BrokerOverrides)).Distinct().Count(), Is.EqualTo(1),
            "one cluster shape, so one cluster serves the battery");
    }

    [Test]
    public async Task Producer_settings_go_onto_the_profile_fields_and_the_rest_into_properties()
    {
        var template = await TemplateAsync("slow-followers-leader-kill");
        var configuration = AuditSamples.Acks1() with
        {
            Producer = AuditSamples.Config(ClientRole.Producer, ("acks", "1"), ("linger.ms", "20"), ("compression.type", "lz4")),
            Pattern = new AppPattern(SendMode.Callback),
        };
        var scenario = AuditOverlay.Apply(template, configuration);
        var producer = scenario.Producers.Single();
        Assert.That(scenario.Name, Is.EqualTo("audit-slow-followers-leader-kill"));
        Assert.That(scenario.Seed, Is.EqualTo(template.Seed), "both configurations run the same seed");
        Assert.That(scenario.Faults, Is.EqualTo(template.Faults));
        Assert.That((producer.Acks, producer.LingerMs, producer.SendMode), Is.EqualTo((AcksMode.Leader, 20, SendMode.Callback)));
        Assert.That((producer.Retries, producer.DeliveryTimeoutMs, producer.MaxInFlight), Is.EqualTo((int.MaxValue, 300_000, 1_000_000)), "librdkafka's defaults, not the harness's");
        Assert.That(producer.Properties, Is.EqualTo(new Dictionary<string, string> { ["compression.type"] = "lz4" }));
        Assert.That(producer.Messages, Is.EqualTo(template.Producers.Single().Messages), "the template keeps its workload shape");
    }

    [Test]
    public async Task Consumer_settings_commit_mode_dedupe_and_topic_settings_are_overlaid()
    {
        var template = await TemplateAsync("consumer-crash-after-processing");
        var configuration = AuditSamples.Safe() with
        {
            Consumer = AuditSamples.Config(ClientRole.Consumer, ("enable.auto.commit", "false"), ("auto.offset.reset", "smallest"), ("fetch.min.bytes", "10")),
            Pattern = new AppPattern(Dedupe: true),
        };
        var scenario = AuditOverlay.Apply(template, configuration);
        var consumer = scenario.Consumers.Single();
        Assert.That((consumer.Commit, consumer.Dedupe, consumer.AutoOffsetReset), Is.EqualTo((CommitMode.ManualSync, true, "earliest")));
        Assert.That(consumer.Properties["fetch.min.bytes"], Is.EqualTo("10"));
        Assert.That(consumer.Properties["session.timeout.ms"], Is.EqualTo("6000"), "the template's own setting stays unless the team sets it");
        Assert.That(consumer.Properties.ContainsKey("enable.auto.commit"), Is.False, "modelled by the commit mode");
        Assert.That((scenario.Cluster.ReplicationFactor, scenario.Cluster.MinInsyncReplicas, scenario.Cluster.UncleanLeaderElection), Is.EqualTo((3, 2, false)));
    }

    [Test]
    public async Task The_unreachable_outage_outlasts_the_delivery_timeout_when_the_budget_allows()
    {
        var template = await TemplateAsync("brokers-unreachable");
        var outage = AuditOverlay.Apply(template, AuditSamples.Safe()).Faults.Single(f => f.Name == AuditOverlay.DeliveryTimeoutOutage);
        Assert.That(outage.Heal, Is.EqualTo(new Trigger(TriggerKind.AfterMs, 13_000)));
        Assert.That(AuditOverlay.Outage(AuditSamples.Acks1()), Is.EqualTo((AuditOverlay.MaxOutageMs, false)), "300 s is longer than the battery waits: said, not hidden");
    }

    [Test]
    public async Task Idempotence_is_not_applicable_before_0_11_rather_than_silently_off()
    {
        var template = await TemplateAsync("network-cut-after-append");
        var configuration = AuditSamples.Safe() with { Producer = AuditSamples.Config(ClientRole.Producer, ("enable.idempotence", "true")) };
        var scenario = AuditOverlay.Apply(template, configuration);
        Assert.That(scenario.Producers.Single().Idempotence, Is.True);
        var applicability = scenario.ApplicabilityFor(KafkaVersion.Parse("0.9.0.1"), new HashSet<string>());
        Assert.That(applicability.Applicable, Is.False);
        Assert.That(applicability.Reason, Does.Contain("enable.idempotence"));
        Assert.That(scenario.ApplicabilityFor(KafkaVersion.Parse("3.9.0"), new HashSet<string>()).Applicable, Is.True);
    }
}
