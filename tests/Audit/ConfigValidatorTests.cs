using KafkaChaos.Audit;
using KafkaChaos.Provisioning;
using KafkaChaos.Tests.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Audit;

/// <summary>Validation by librdkafka itself (clients built against 127.0.0.1:1 and disposed): no cluster needed.</summary>
internal sealed class ConfigValidatorTests
{
    [OneTimeSetUp]
    public void LoadLibrdkafka() => LibrdkafkaLocator.EnsureLoaded(null);

    private static ClientConfigFile File(params (string Key, string Value)[] entries) =>
        new("p.properties", entries.Select((e, i) => new ConfigEntry(e.Key, e.Value, $"p.properties:{i + 1}")).ToList());

    [Test]
    public void A_typo_is_refused_with_the_nearest_valid_name() =>
        Assert.That(() => ConfigValidator.Validate(File(("enable.idempotense", "true")), ClientRole.Producer),
            Throws.TypeOf<AuditInputException>().With.Message.EqualTo("p.properties:1: unknown producer property 'enable.idempotense'; did you mean 'enable.idempotence'?"));

    [Test]
    public void A_bad_value_is_refused_with_librdkafkas_own_message() =>
        Assert.That(() => ConfigValidator.Validate(File(("linger.ms", "-5")), ClientRole.Producer),
            Throws.TypeOf<AuditInputException>().With.Message.Contains("p.properties:1: librdkafka refused linger.ms=-5").And.Message.Contains("outside allowed range"));

    [Test]
    public void A_combination_librdkafka_refuses_is_refused_as_a_whole() =>
        Assert.That(() => ConfigValidator.Validate(File(("linger.ms", "500"), ("message.timeout.ms", "100")), ClientRole.Producer),
            Throws.TypeOf<AuditInputException>().With.Message.Contains("as a whole").And.Message.Contains("linger.ms"));

    [Test]
    public void Every_problem_is_reported_together()
    {
        var ex = Assert.Throws<AuditInputException>(() => ConfigValidator.Validate(File(("acks", "most"), ("lingr.ms", "5"), ("transactional.id", "t")), ClientRole.Producer));
        Assert.That(ex!.Problems, Has.Count.EqualTo(3));
        Assert.That(ex.Problems[2], Does.Contain("transactions"));
    }

    [Test]
    public void Keys_the_harness_owns_are_set_aside_with_the_reason()
    {
        var config = ConfigValidator.Validate(File(("bootstrap.servers", "prod:9092"), ("sasl.password", "x"), ("retries", "7")), ClientRole.Producer);
        Assert.That(config.Properties.Keys, Is.EqualTo(new[] { "message.send.max.retries" }), "the alias is reported under librdkafka's canonical name");
        Assert.That(config.Notes, Has.Count.EqualTo(2));
        Assert.That(config.Notes[0], Does.Contain("bootstrap.servers ignored"));
    }

    [Test]
    public void A_consumer_property_in_a_producer_file_is_left_out_with_a_note()
    {
        var config = ConfigValidator.Validate(File(("auto.offset.reset", "earliest")), ClientRole.Producer);
        Assert.That(config.Properties, Is.Empty);
        Assert.That(config.Notes.Single(), Does.Contain("consumer property"));
    }

    [Test]
    public void Confluent_Kafka_names_come_from_its_config_classes() =>
        Assert.That(LibrdkafkaNames.Producer, Does.Contain("enable.idempotence").And.Contain("message.timeout.ms").And.Contain("acks"));
}
