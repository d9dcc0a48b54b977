using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

internal sealed class ScenarioCatalogTests
{
    private static ScenarioCatalog catalog = null!;

    [OneTimeSetUp]
    public async Task LoadAsync() => catalog = await ScenarioCatalog.LoadAsync(ScenarioFiles.Directory);

    public static IEnumerable<string> Files() =>
        System.IO.Directory.EnumerateFiles(ScenarioFiles.Directory, "*.yaml").Select(Path.GetFileName).Order().Cast<string>();

    [TestCaseSource(nameof(Files))]
    public void Every_file_loads_and_validates(string file)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(ScenarioFiles.Directory, file));
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Categories, Does.Contain("claims"));
            Assert.That(scenario.Expect, Is.Not.Empty);
            Assert.That(file.StartsWith(scenario.Claim.ToLowerInvariant() + "-", StringComparison.Ordinal), Is.True, "file names start with the claim id");
        });
    }

    [Test]
    public void Every_claim_of_CLAIMS_md_has_a_scenario() => Assert.That(catalog.UncoveredClaims, Is.Empty);

    [TestCase("P2", "p2-sync", "p2-sync-throughput", "p2-async-throughput")]
    [TestCase("P4", "p4-retry-backoff-short", "p4-retry-backoff-long")]
    [TestCase("B6", "b6-rf2-minisr2", "b6-rf3-minisr2")]
    [TestCase("B7", "b7-unclean-true", "b7-unclean-false")]
    [TestCase("B9", "b9-size-default-limits", "b9-size-raised-limits", "b9-size-raised-replica-fetch-default")]
    [TestCase("D3", "d3-inflight-5", "d3-inflight-1")]
    public void Two_armed_claims_have_one_file_per_arm(string claim, params string[] names) =>
        Assert.That(catalog.ForClaim(claim).Select(s => s.Name), Is.EquivalentTo(names));

    [Test]
    public void Every_scenario_sets_unclean_election_explicitly()
    {
        // Its default flipped in 0.11; a scenario relying on the default would change meaning with the version.
        foreach (var file in Files())
            Assert.That(File.ReadAllText(Path.Combine(ScenarioFiles.Directory, file)), Does.Contain("uncleanLeaderElection:"), file);
    }

    [Test]
    public void Faults_start_at_protocol_moments_not_wall_clock_times()
    {
        // STYLE.md: faults are scheduled at protocol moments so a claim reproduces every run.
        var timed = catalog.Scenarios.SelectMany(s => s.Faults.Where(f => f.At.Kind == TriggerKind.AfterMs).Select(f => $"{s.Name}/{f.Name}"));
        Assert.That(timed, Is.Empty);
    }

    [Test]
    public void Schedules_and_expectations_read_in_one_line()
    {
        var b2 = catalog.Find("b2-acks1-leader-kill")!;
        Assert.That(b2.DescribeSchedule(), Is.EqualTo(
            "stall-followers: stallReplicaFetch on followers of p0 at atStart, heal afterInjected: kill-leader; kill-leader: leaderKill at afterAcks: 100, heal atHealPhase"));
        Assert.That(catalog.Find("d2-idempotent-no-duplicates")!.DescribeExpectations(), Does.StartWith("[kafka >=0.11] duplicatesInLog == 0"));
        foreach (var s in catalog.Scenarios) TestContext.Out.WriteLine($"{s.Name} | {s.Claim} | {s.DescribeSchedule()} | {s.DescribeExpectations()}");
    }

    [Test]
    public void Scenarios_are_ordered_by_claim() =>
        Assert.That(catalog.Scenarios.Select(s => s.Claim).Distinct(), Is.EqualTo(ScenarioCatalog.ClaimIds));

    [Test]
    public void D2_is_not_applicable_on_0_9_and_B8_without_page_cache_loss()
    {
        var old = KafkaVersion.Parse("0.9.0.1");
        var none = new HashSet<string>();
        Assert.That(catalog.Find("d2-idempotent-no-duplicates")!.ApplicabilityFor(old, none).Applicable, Is.False);
        Assert.That(catalog.Find("d2-idempotent-no-duplicates")!.ApplicabilityFor(KafkaVersion.Parse("3.7.0"), none).Applicable, Is.True);
        Assert.That(catalog.Find("b8-page-cache-loss")!.ApplicabilityFor(KafkaVersion.Parse("3.7.0"), none).Applicable, Is.False);
        Assert.That(catalog.Find("b8-page-cache-loss")!.ApplicabilityFor(old, new HashSet<string> { "pageCacheLoss" }).Applicable, Is.True);
    }

    [Test]
    public void Globs_select_files()
    {
        Assert.That(ScenarioCatalog.ResolveFiles(Path.Combine(ScenarioFiles.Directory, "b7-*.yaml")).Select(Path.GetFileName),
            Is.EqualTo(new[] { "b7-unclean-false.yaml", "b7-unclean-true.yaml" }));
        Assert.That(ScenarioCatalog.ResolveFiles(Path.Combine(ScenarioFiles.Directory, "**/d3-*.yaml")), Has.Count.EqualTo(2));
        Assert.That(ScenarioCatalog.ResolveFiles(Path.Combine(ScenarioFiles.Directory, "nothing-*.yaml")), Is.Empty);
    }

    [Test]
    public async Task Cross_file_problems_are_reported()
    {
        var dir = Directory.CreateTempSubdirectory("chaos-catalog-");
        try
        {
            var b2 = await File.ReadAllTextAsync(Path.Combine(ScenarioFiles.Directory, "b2-acks1-leader-kill.yaml"));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "a.yaml"), b2 + "compare: { scenario: b, throughput: \"< 0.5\" }\n");
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "c.yaml"), b2.Replace("ackedLost: \"== 100\"", "ackedLost: \"about 100\""));
            var e = (await Assert.ThrowsAsync<ScenarioLoadException>(() => ScenarioCatalog.LoadAsync(dir.FullName)))!;
            Assert.That(e.Errors.Select(x => Path.GetFileName(x.File) + " " + x.KeyPath), Is.EquivalentTo(new[] { "c.yaml expect[0].counts.ackedLost", "a.yaml compare.scenario" }));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
