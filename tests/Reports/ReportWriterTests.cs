using System.Text.Json;
using System.Xml.Linq;
using KafkaChaos.Reports;
using NUnit.Framework;

namespace KafkaChaos.Tests.Reports;

internal sealed class ReportWriterTests
{
    private DirectoryInfo output = null!;

    [SetUp]
    public void CreateOutput() => output = Directory.CreateTempSubdirectory("chaos-reports-");

    [TearDown]
    public void DeleteOutput() => output.Delete(recursive: true);

    [Test]
    public async Task Scenario_report_json_has_the_contract_fields()
    {
        var path = await ScenarioReportWriter.WriteAsync(SampleRuns.Passed(), output.FullName);
        Assert.That(path, Is.EqualTo(Path.Combine(output.FullName, "b2-acks1-leader-kill", "report.json")));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("scenario").GetString(), Is.EqualTo("b2-acks1-leader-kill"));
            Assert.That(root.GetProperty("claim").GetString(), Is.EqualTo("B2"));
            Assert.That(root.GetProperty("kafkaVersion").GetString(), Is.EqualTo("0.9.0.1"));
            Assert.That(root.GetProperty("expected")[0].GetProperty("expected").GetString(), Is.EqualTo("ackedLost == 100"));
            Assert.That(root.GetProperty("passed").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("applicable").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("seed").GetInt64(), Is.EqualTo(42));
            Assert.That(root.GetProperty("durationMs").GetInt64(), Is.EqualTo(12_345));
            Assert.That(root.GetProperty("verdict").GetString(), Is.EqualTo("passed"));
            Assert.That(root.GetProperty("counts").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
            {
                "sent", "acked", "failed", "indeterminate", "ackedLost", "unackedPresent", "silentlyLost", "unprocessed",
                "duplicatesInLog", "duplicateProcessing", "reordered", "unexpected",
            }));
            Assert.That(root.GetProperty("counts").GetProperty("ackedLost").GetInt64(), Is.EqualTo(100));
            Assert.That(root.GetProperty("failuresByError").GetProperty("_MSG_TIMED_OUT").GetInt64(), Is.EqualTo(10), "dictionary keys stay verbatim");
            Assert.That(root.GetProperty("settings").GetProperty("broker").GetProperty("replica.lag.time.max.ms").GetString(), Is.EqualTo("30000"));
            Assert.That(root.GetProperty("findings")[0].GetProperty("examples").GetArrayLength(), Is.EqualTo(ReportFinding.MaxExamples));
            Assert.That(root.GetProperty("timeline").GetProperty("leaderChanges")[0].GetProperty("newLeader").GetInt32(), Is.EqualTo(2));
            Assert.That(root.GetProperty("phaseDurationsMs").GetProperty("faultWindow").GetInt64(), Is.EqualTo(9000));
        });
    }

    [Test]
    public async Task Scenario_report_round_trips_through_the_reader()
    {
        var original = SampleRuns.Passed();
        var back = await ReportReader.ReadOutcomeAsync(await ScenarioReportWriter.WriteAsync(original, output.FullName));
        Assert.Multiple(() =>
        {
            Assert.That(back.Counts, Is.EqualTo(original.Counts));
            Assert.That(back.Expected, Is.EqualTo(original.Expected));
            Assert.That(back.Verdict, Is.EqualTo(Verdict.Passed));
            Assert.That(back.Timeline.FaultWindows, Is.EqualTo(original.Timeline.FaultWindows));
            Assert.That(back.Findings[0].Examples, Is.EqualTo(original.Findings[0].Examples));
            Assert.That(back.StartedAt, Is.EqualTo(original.StartedAt));
        });
    }

    [Test]
    public void Summary_json_has_totals_and_verdicts()
    {
        using var json = JsonDocument.Parse(SummaryJsonWriter.Render(SampleRuns.Run()));
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("kafkaVersion").GetString(), Is.EqualTo("0.9.0.1"));
            Assert.That(root.GetProperty("startedAt").GetDateTimeOffset(), Is.EqualTo(SampleRuns.Start));
            Assert.That(root.GetProperty("totals").GetProperty("scenarios").GetInt32(), Is.EqualTo(4));
            Assert.That(root.GetProperty("totals").GetProperty("passed").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("allPassed").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("verdict").GetString()),
                Is.EqualTo(new[] { "passed", "failed", "notApplicable", "error" }));
            Assert.That(root.GetProperty("scenarios")[1].GetProperty("failedConditions")[0].GetString(), Is.EqualTo("ackedLost == 0, observed 3"));
        });
    }

    [Test]
    public void Markdown_has_one_table_row_per_scenario()
    {
        var md = MarkdownSummaryWriter.Render(SampleRuns.Run());
        var rows = md.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| |", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.StartWith("# kafka-chaos: Kafka 0.9.0.1"));
            Assert.That(md, Does.Contain("**1 passed, 1 failed, 0 inconclusive, 1 not applicable, 1 errors** of 4 scenarios"));
            Assert.That(rows, Has.Count.EqualTo(4));
            Assert.That(rows[0], Does.StartWith("| ✅ | B2 | b2-acks1-leader-kill | passed | 12.3s | 600 | 590 | 100 | 0 |"), "with the scenario's duration");
            Assert.That(rows[1], Does.Contain("expected ackedLost == 0, observed 3"));
            Assert.That(rows[2], Does.Contain("not applicable").And.Contain("needs Kafka 0.11+").And.Contain("| – |"));
            Assert.That(md, Does.Contain("## Failed"));
            Assert.That(md, Does.Contain("acks=all \\| minISR=2 &lt;loses> nothing"), "pipes and tags inside cells are escaped");
            Assert.That(md, Does.Contain("ackedLost × 3: p0-17, p0-18, p0-19"));
            Assert.That(md, Does.Not.Contain(MarkdownSummaryWriter.RegressionHeading));
        });
    }

    [Test]
    public void Html_is_self_contained_with_one_timeline_per_scenario()
    {
        var run = SampleRuns.Run();
        var html = HtmlReportWriter.Render(run);
        Assert.Multiple(() =>
        {
            Assert.That(Count(html, "<svg "), Is.EqualTo(run.Outcomes.Count));
            Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("<script").And.Not.Contain("src=").And.Not.Contain("<link"));
            Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value), Has.All.StartWith("#"));
            Assert.That(html, Does.Contain("&lt;loses&gt;"), "text is escaped");
            Assert.That(html, Does.Contain("class=\"fault\"").And.Contain("class=\"leader\"").And.Contain("class=\"acks\"").And.Contain("class=\"errors\""));
            Assert.That(html, Does.Contain("time since start (s)").And.Contain("messages per second"));
            Assert.That(html, Does.Contain("p0: 1 → 2"));
            Assert.That(html, Does.Contain("id=\"s-b2-acks1-leader-kill\""));
        });
    }

    [Test]
    public void Svg_parses_as_xml()
    {
        var svg = TimelineSvg.Render(SampleRuns.Passed().Timeline, "t & <x>");
        var element = XElement.Parse(svg);
        Assert.That(element.Name.LocalName, Is.EqualTo("svg"));
        Assert.That(element.Elements("rect").Count(r => (string?)r.Attribute("class") == "fault"), Is.EqualTo(3), "two windows and the legend swatch");
        Assert.That(element.Elements("rect").Count(r => (string?)r.Attribute("class") == "fault-lane"), Is.EqualTo(2), "one lane per fault");
        Assert.That(element.Elements("polyline").Count(), Is.EqualTo(2));
    }

    [Test]
    public void Empty_timeline_still_renders()
    {
        var element = XElement.Parse(TimelineSvg.Render(Timeline.Empty, "nothing"));
        Assert.That(element.Descendants("text").Select(t => t.Value), Does.Contain("no samples"));
    }

    [Test]
    public void Junit_has_a_testcase_per_scenario_with_failures_skips_and_errors()
    {
        var doc = XDocument.Parse(JUnitReportWriter.Render(SampleRuns.Run()));
        var suite = doc.Root!.Element("testsuite")!;
        var cases = suite.Elements("testcase").ToList();
        Assert.Multiple(() =>
        {
            Assert.That((string?)doc.Root!.Attribute("tests"), Is.EqualTo("4"));
            Assert.That((string?)suite.Attribute("failures"), Is.EqualTo("1"));
            Assert.That((string?)suite.Attribute("skipped"), Is.EqualTo("1"));
            Assert.That((string?)suite.Attribute("errors"), Is.EqualTo("1"));
            Assert.That(cases.Select(c => (string?)c.Attribute("name")), Is.EqualTo(new[] { "b2-acks1-leader-kill", "b3-acks-all-minisr2", "d2-idempotent-no-duplicates", "c1-auto-commit-loss" }));
            Assert.That((string?)cases[0].Attribute("classname"), Is.EqualTo("claims.B2"));
            Assert.That((string?)cases[0].Attribute("time"), Is.EqualTo("12.345"));
            Assert.That(cases[0].Element("failure"), Is.Null);
            Assert.That((string?)cases[1].Element("failure")!.Attribute("message"), Is.EqualTo("expected ackedLost == 0, observed 3 | ackedLost e.g. p0-17, p0-18, p0-19"));
            Assert.That((string?)cases[2].Element("skipped")!.Attribute("message"), Does.Contain("needs Kafka 0.11+"));
            Assert.That((string?)cases[3].Element("error")!.Attribute("message"), Is.EqualTo("consumer child process did not start"));
        });
    }

    [Test]
    public async Task Write_all_then_read_the_run_back()
    {
        var run = SampleRuns.Run();
        var result = await ReportWriter.WriteAllAsync(run, output.FullName);
        Assert.That(result.Files.Select(Path.GetFileName), Is.SupersetOf(new[] { "summary.json", "summary.md", "report.html", "junit.xml", "report.json" }));
        Assert.That(result.ExitCode, Is.EqualTo(1));

        var back = await ReportReader.ReadRunAsync(output.FullName);
        Assert.That(back.Outcomes.Select(o => o.Scenario), Is.EqualTo(run.Outcomes.Select(o => o.Scenario)));
        Assert.That(back.KafkaVersion, Is.EqualTo("0.9.0.1"));
        Assert.That(MarkdownSummaryWriter.Render(back), Is.EqualTo(MarkdownSummaryWriter.Render(run)), "a report directory re-renders identically");
    }

    [Test]
    public async Task A_missing_scenario_report_is_rebuilt_from_the_summary()
    {
        await ReportWriter.WriteAllAsync(SampleRuns.Run(), output.FullName);
        File.Delete(Path.Combine(output.FullName, "c1-auto-commit-loss", "report.json"));
        var back = await ReportReader.ReadRunAsync(output.FullName);
        Assert.That(back.Outcomes.Select(o => (o.Scenario, o.Verdict)), Is.EqualTo(SampleRuns.Run().Outcomes.Select(o => (o.Scenario, o.Verdict))));
        Assert.That(back.Outcomes[3].Error, Is.EqualTo("consumer child process did not start"));
    }

    [Test]
    public async Task Every_run_report_names_what_ran_the_cluster_and_a_rerender_keeps_it()
    {
        const string Cluster = "docker (kafka-chaos/kafka:0.9.0.1, sha256:780ceb4a4e45)";
        await ReportWriter.WriteAllAsync(SampleRuns.Run() with { Cluster = Cluster }, output.FullName);
        foreach (var file in new[] { "summary.md", "summary.json", "report.html", "junit.xml" })
            Assert.That(await File.ReadAllTextAsync(Path.Combine(output.FullName, file)), Does.Contain(Cluster), file);
        Assert.That((await ReportReader.ReadRunAsync(output.FullName)).Cluster, Is.EqualTo(Cluster));
    }

    [Test]
    public void Reading_a_missing_summary_says_where() =>
        Assert.ThrowsAsync<FileNotFoundException>(() => ReportReader.ReadSummaryAsync(output.FullName));

    private static int Count(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
