using KafkaChaos.Audit;
using NUnit.Framework;

namespace KafkaChaos.Tests.Audit;

internal sealed class JsonConfigParserTests
{
    private const string AppSettings = """
        {
          // comments as appsettings.json allows
          "Kafka": {
            "Producer": { "Acks": "Leader", "EnableIdempotence": true, "MessageTimeoutMs": 10000, "linger.ms": "20", "BatchSize": null },
            "Consumer": { "enableAutoCommit": false, "AutoOffsetReset": "Earliest", "IsolationLevel": "ReadUncommitted" }
          }
        }
        """;

    private static IReadOnlyDictionary<string, string> Parse(string section) =>
        JsonConfigParser.Parse(AppSettings, "appsettings.json", section).ToDictionary(e => e.Key, e => e.Value);

    [Test]
    public void Binds_PascalCase_properties_to_librdkafka_names_and_values_through_Confluent_Kafka()
    {
        var producer = Parse("Kafka:Producer");
        Assert.That(producer, Is.EqualTo(new Dictionary<string, string>
        {
            ["acks"] = "1", ["enable.idempotence"] = "true", ["message.timeout.ms"] = "10000", ["linger.ms"] = "20",
        }));
    }

    [Test]
    public void Section_and_property_names_are_case_insensitive_as_in_configuration_binding()
    {
        var consumer = Parse("kafka:consumer");
        Assert.That(consumer["enable.auto.commit"], Is.EqualTo("false"));
        Assert.That(consumer["auto.offset.reset"], Is.EqualTo("earliest"));
        Assert.That(consumer["isolation.level"], Is.EqualTo("read_uncommitted"));
    }

    [Test]
    public void The_origin_names_file_section_and_key() =>
        Assert.That(JsonConfigParser.Parse(AppSettings, "/x/appsettings.json", "Kafka:Producer")[0].Origin, Is.EqualTo("appsettings.json#Kafka:Producer.Acks"));

    [Test]
    public void A_missing_section_is_refused_with_the_nearest_name() =>
        Assert.That(() => Parse("Kafka:Produce"), Throws.TypeOf<AuditInputException>().With.Message.Contains("did you mean 'Producer'"));

    [Test]
    public void A_misspelt_PascalCase_property_is_refused_with_the_nearest_name() =>
        Assert.That(() => JsonConfigParser.Parse("""{ "EnableIdempotense": true }""", "a.json", null),
            Throws.TypeOf<AuditInputException>().With.Message.Contains("did you mean 'EnableIdempotence'"));

    [Test]
    public void A_value_the_property_cannot_take_is_refused_with_the_choices() =>
        Assert.That(() => JsonConfigParser.Parse("""{ "Acks": "Most" }""", "a.json", null),
            Throws.TypeOf<AuditInputException>().With.Message.Contains("All"));

    [Test]
    public void Not_JSON_is_refused() =>
        Assert.That(() => JsonConfigParser.Parse("{ nope", "a.json", null), Throws.TypeOf<AuditInputException>().With.Message.Contains("not valid JSON"));
}
