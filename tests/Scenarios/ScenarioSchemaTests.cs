using System.Text.Json;
using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

/// <summary>The editor schema (<c>scenarios/scenario.schema.json</c>) accepts exactly what the loader accepts.</summary>
internal sealed class ScenarioSchemaTests
{
    private static JsonDocument schema = null!;

    [OneTimeSetUp]
    public async Task ReadSchemaAsync() =>
        schema = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(ScenarioFiles.Directory, "scenario.schema.json")));

    [OneTimeTearDown]
    public void Dispose() => schema.Dispose();

    private static JsonElement Definition(string name) =>
        name == "scenario" ? schema.RootElement : schema.RootElement.GetProperty("$defs").GetProperty(name);

    private static JsonElement Properties(JsonElement definition)
    {
        if (definition.TryGetProperty("properties", out var properties)) return properties;
        // at / heal: a bare word or a one-key mapping.
        return definition.GetProperty("oneOf").EnumerateArray().Single(e => e.TryGetProperty("properties", out _)).GetProperty("properties");
    }

    [Test]
    public void Declares_draft_2020_12() =>
        Assert.That(schema.RootElement.GetProperty("$schema").GetString(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));

    [TestCaseSource(typeof(ScenarioKeys), nameof(ScenarioKeys.Sections))]
    public void Each_section_lists_exactly_the_loader_keys(KeyValuePair<string, IReadOnlyList<string>> section)
    {
        var definition = Definition(section.Key);
        Assert.That(Properties(definition).EnumerateObject().Select(p => p.Name), Is.EqualTo(section.Value), section.Key);
        var closed = definition.TryGetProperty("additionalProperties", out var extra)
            ? extra.ValueKind == JsonValueKind.False
            : definition.GetProperty("oneOf").EnumerateArray().Any(e => e.TryGetProperty("additionalProperties", out var x) && x.ValueKind == JsonValueKind.False);
        Assert.That(closed, Is.True, $"{section.Key} rejects unknown keys like the loader");
    }

    [Test]
    public void Enum_values_match_the_model()
    {
        string[] Enum(string definition, string property) =>
            Properties(Definition(definition)).GetProperty(property).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Enum("producer", "sendMode"), Is.EqualTo(ScenarioKeys.EnumTexts<SendMode>()));
            Assert.That(Enum("producer", "keyPolicy"), Is.EqualTo(ScenarioKeys.EnumTexts<KeyPolicy>()));
            Assert.That(Enum("producer", "process"), Is.EqualTo(ScenarioKeys.EnumTexts<WorkerProcess>()));
            Assert.That(Enum("consumer", "process"), Is.EqualTo(ScenarioKeys.EnumTexts<WorkerProcess>()));
            Assert.That(Enum("consumer", "commit"), Is.EqualTo(ScenarioKeys.EnumTexts<CommitMode>()));
            Assert.That(Enum("consumer", "commitEvery"), Is.EqualTo(ScenarioKeys.EnumTexts<CommitEvery>()));
            Assert.That(Enum("consumer", "autoOffsetReset"), Is.EqualTo(ScenarioKeys.OffsetResets));
            Assert.That(Enum("fault", "fault"), Is.EqualTo(ScenarioKeys.EnumTexts<FaultKind>()));
            Assert.That(Enum("target", "role"), Is.EqualTo(ScenarioKeys.Roles));
            Assert.That(Properties(Definition("compare")).EnumerateObject().Select(p => p.Name).Skip(1), Is.EqualTo(ScenarioKeys.EnumTexts<CompareMetric>()));
            Assert.That(Properties(Definition("expect")).GetProperty("findings").GetProperty("propertyNames").GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
                Is.EqualTo(FindingNames.All));
            Assert.That(Properties(Definition("fault")).GetProperty("params").GetProperty("propertyNames").GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
                Is.EquivalentTo(FaultKinds.All.SelectMany(k => k.Parameters).Select(p => p.Name).Distinct()));
            Assert.That(Properties(Definition("scenario")).GetProperty("categories").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
                Is.EqualTo(ScenarioKeys.Categories));
            Assert.That(Properties(Definition("expect")).GetProperty("counts").GetProperty("propertyNames").GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
                Is.EqualTo(CountNames.All));
        });
    }

    [Test]
    public void Every_fault_kind_is_registered_once() =>
        Assert.That(FaultKinds.All.Select(k => k.Kind), Is.EqualTo(Enum.GetValues<FaultKind>()));

    [Test]
    public void Required_keys_match_the_loader() =>
        Assert.That(schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(new[] { "claim", "title", "producers", "expect" }));
}
