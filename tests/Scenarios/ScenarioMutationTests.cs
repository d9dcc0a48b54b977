using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

/// <summary>
/// Mutations of real scenario files, as a new user would write them by mistake: each must be refused at load time with
/// its file, line, key path and the nearest valid name, never silently run. (Mutations that load but cannot happen at
/// run time, such as a trigger never reached, are in <c>Running/VerdictEvidenceTests</c>.)
/// </summary>
internal sealed class ScenarioMutationTests
{
    private static string Real(string name) => File.ReadAllText(Path.Combine(ScenarioFiles.Directory, name + ".yaml"));

    /// <summary>The scenario text with <paramref name="original"/> replaced once; fails when the real file no longer contains it.</summary>
    private static string Mutate(string name, string original, string replacement)
    {
        var text = Real(name);
        Assert.That(text, Does.Contain(original), $"{name}.yaml changed: the mutation no longer applies");
        var at = text.IndexOf(original, StringComparison.Ordinal);
        return text[..at] + replacement + text[(at + original.Length)..];
    }

    private static ScenarioError Refused(string name, string original, string replacement)
    {
        var text = Mutate(name, original, replacement);
        var e = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Parse(text, name + ".yaml"))!;
        TestContext.Out.WriteLine(e.Message);
        return e.Errors.Single();
    }

    [Test]
    public void Real_scenarios_load_unmutated()
    {
        foreach (var name in new[] { "b3-acks-all-minisr2", "d1-retry-duplicates", "c2-auto-commit-duplicates", "c5-offset-reset-recovery", "k1-failover-truncation" })
            Assert.DoesNotThrow(() => ScenarioLoader.Parse(Real(name), name + ".yaml"), name);
    }

    [Test]
    public void A_misspelt_fault_parameter_is_refused_with_the_nearest_name()
    {
        var error = Refused("d1-retry-duplicates", "params: { count: \"1\" }", "params: { cuont: \"1\" }");
        Assert.That(error.KeyPath, Is.EqualTo("faults[0].params.cuont"));
        Assert.That(error.Message, Does.Contain("unknown parameter 'cuont' for networkCutAfterAppend").And.Contain("did you mean 'count'?"));
        Assert.That(error.Line, Is.GreaterThan(1));
    }

    [Test]
    public void A_parameter_of_another_kind_is_refused()
    {
        var error = Refused("d1-retry-duplicates", "params: { count: \"1\" }", "params: { bytes: \"1\" }");
        Assert.That(error.Message, Does.Contain("unknown parameter 'bytes'"));
    }

    [Test]
    public void A_parameter_value_that_does_not_parse_is_refused()
    {
        var error = Refused("d1-retry-duplicates", "params: { count: \"1\" }", "params: { count: \"one\" }");
        Assert.That(error.Message, Does.Contain("params.count: expected a whole number ≥ 1, found \"one\""));
    }

    [Test]
    public void A_kind_without_parameters_refuses_any()
    {
        var error = Refused("b3-acks-all-minisr2", "    fault: leaderKill\n", "    fault: leaderKill\n    params: { count: \"2\" }\n");
        Assert.That(error.Message, Does.Contain("leaderKill takes no parameters"));
    }

    [Test]
    public void An_unknown_finding_is_refused_with_the_nearest_kind()
    {
        var error = Refused("b3-acks-all-minisr2", "errors: { any: \"> 0\" }", "errors: { any: \"> 0\" }\n    findings: { lostTruncated: \"== 0\" }");
        Assert.That(error.Message, Does.Contain("unknown finding 'lostTruncated'"));
        var documented = Refused("b3-acks-all-minisr2", "errors: { any: \"> 0\" }", "errors: { any: \"> 0\" }\n    findings: { logTruncated: \"== 0\" }");
        Assert.That(documented.Message, Does.Contain("unknown finding 'logTruncated'"), "the name the README used to document is not a finding kind");
    }

    [Test]
    public void An_unknown_error_code_is_refused_with_the_nearest_code()
    {
        var error = Refused("b3-acks-all-minisr2", "errors: { any: \"> 0\" }", "errors: { NOT_ENOUGH_REPLICA: \"> 0\" }");
        Assert.That(error.Message, Does.Contain("unknown error code 'NOT_ENOUGH_REPLICA'").And.Contain("did you mean 'NOT_ENOUGH_REPLICAS'?"));
    }

    [Test]
    public void An_unknown_count_is_refused()
    {
        var error = Refused("b3-acks-all-minisr2", "ackedLost: \"== 0\"", "ackedLots: \"== 0\"");
        Assert.That(error.Message, Does.Contain("did you mean 'ackedLost'?"));
    }

    [Test]
    public void A_group_target_that_is_not_a_group_of_the_scenario_is_refused()
    {
        var error = Refused("c5-offset-reset-recovery", "target: { group: c5 }", "target: { group: g2 }");
        Assert.That(error.Message, Does.Contain("group 'g2' is not a consumer group of this scenario"));
    }

    [Test]
    public void A_target_the_kind_cannot_act_on_is_refused()
    {
        var error = Refused("d1-retry-duplicates", "target: { role: leader }", "target: { role: followers }");
        Assert.That(error.Message, Does.Contain("networkCutAfterAppend cannot target followers of p0 (expected leader | allBrokers | broker)"));
    }

    [Test]
    public void Optional_is_read_and_shown()
    {
        var s = ScenarioLoader.Parse(Mutate("b3-acks-all-minisr2", "    fault: leaderKill\n", "    fault: leaderKill\n    optional: true\n"), "b3.yaml");
        Assert.That(s.Faults[1].Optional, Is.True);
        Assert.That(s.Faults[0].Optional, Is.False, "a fault must happen unless the scenario says otherwise");
        Assert.That(s.DescribeSchedule(), Does.EndWith("(optional)"));
    }
}
