using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace KafkaChaos.Reports;

/// <summary>
/// Writes <c>&lt;out&gt;/junit.xml</c> for CI: one testcase per scenario (classname <c>claims.&lt;claim&gt;</c>), a failure
/// whose message is expected vs observed with example IDs, an error for a broken run, skipped for not applicable.
/// </summary>
internal static class JUnitReportWriter
{
    /// <summary>The file name in the output directory.</summary>
    public const string FileName = "junit.xml";

    /// <summary>The XML document.</summary>
    public static XDocument Build(RunReport run)
    {
        var totals = RunTotals.Of(run.Outcomes);
        var seconds = Seconds(run.DurationMs ?? run.Outcomes.Sum(o => o.DurationMs));
        var suite = new XElement("testsuite",
            new XAttribute("name", $"kafka-chaos claims (Kafka {run.KafkaVersion})"),
            new XAttribute("tests", totals.Scenarios),
            new XAttribute("failures", totals.Failed),
            new XAttribute("errors", totals.Errors + totals.Inconclusive),
            new XAttribute("skipped", totals.NotApplicable),
            new XAttribute("time", seconds),
            new XAttribute("timestamp", run.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "kafkaVersion"), new XAttribute("value", run.KafkaVersion)),
                new XElement("property", new XAttribute("name", "cluster"), new XAttribute("value", run.Cluster)),
                new XElement("property", new XAttribute("name", "capabilities"), new XAttribute("value", string.Join(",", run.Capabilities)))),
            run.Outcomes.Select(TestCase));
        var root = new XElement("testsuites",
            new XAttribute("name", "kafka-chaos"),
            new XAttribute("tests", totals.Scenarios),
            new XAttribute("failures", totals.Failed),
            new XAttribute("errors", totals.Errors + totals.Inconclusive),
            new XAttribute("skipped", totals.NotApplicable),
            new XAttribute("time", seconds),
            suite);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    /// <summary>The XML text.</summary>
    public static string Render(RunReport run)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            Build(run).Save(writer);
        }
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"");
    }

    /// <summary>Writes the report and returns its path.</summary>
    public static async Task<string> WriteAsync(RunReport run, string outputDirectory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(outputDirectory, FileName);
        await ReportJson.WriteFileAsync(path, Render(run), cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static XElement TestCase(ScenarioOutcome o)
    {
        var testCase = new XElement("testcase",
            new XAttribute("classname", $"claims.{o.Claim}"),
            new XAttribute("name", o.Scenario),
            new XAttribute("time", Seconds(o.DurationMs)));
        switch (o.Verdict)
        {
            case Verdict.NotApplicable:
                testCase.Add(new XElement("skipped", new XAttribute("message", $"not applicable: {o.NotApplicableReason}")));
                break;
            case Verdict.Error:
                testCase.Add(new XElement("error", new XAttribute("message", o.Error ?? ""), new XAttribute("type", "RunError"), Clean(Details(o))));
                break;
            case Verdict.Inconclusive:
                testCase.Add(new XElement("error", new XAttribute("message", Clean(FailureMessage(o))), new XAttribute("type", "Inconclusive"), Clean(Details(o))));
                break;
            case Verdict.Failed:
                testCase.Add(new XElement("failure", new XAttribute("message", Clean(FailureMessage(o))), new XAttribute("type", "ClaimExpectationFailed"), Clean(Details(o))));
                break;
        }
        if (o.Verdict is not Verdict.NotApplicable)
            testCase.Add(new XElement("system-out", Clean(Details(o))));
        return testCase;
    }

    /// <summary>Expected vs observed for every failed condition, then example IDs of the findings.</summary>
    public static string FailureMessage(ScenarioOutcome o)
    {
        var parts = o.FailedConditions.Select(e => e.Inconclusive ? $"undecided {e.Expected}, observed {e.ObservedText}: {e.Because}" : $"expected {e.Expected}, observed {e.ObservedText}").ToList();
        if (o.Expected.Count == 0) parts.Add($"no expectation applies to Kafka {o.KafkaVersion}");
        var examples = o.Findings.Where(f => f.Examples.Count > 0).Select(f => $"{f.Kind} e.g. {string.Join(", ", f.Examples)}").ToList();
        return string.Join("; ", parts) + (examples.Count > 0 ? " | " + string.Join("; ", examples) : "");
    }

    private static string Details(ScenarioOutcome o)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{o.Claim}: {o.Title}");
        text.AppendLine(CultureInfo.InvariantCulture, $"kafka {o.KafkaVersion}, seed {o.Seed}, {o.DurationMs} ms");
        foreach (var f in o.Faults)
            text.AppendLine(CultureInfo.InvariantCulture, $"fault {f}{(f.InjectedAtMs is null ? "" : $" injected +{f.InjectedAtMs}ms")}{(f.HealedAtMs is null ? "" : $" healed +{f.HealedAtMs}ms")}{(f.Uses is null ? "" : $" uses {f.Uses}")}");
        foreach (var e in o.Expected) text.AppendLine(CultureInfo.InvariantCulture, $"{(e.Passed ? "ok  " : e.Inconclusive ? "UNDECIDED" : "FAIL")} {e.Expected} (observed {e.ObservedText}{(e.Inconclusive ? $", {e.Because}" : "")})");
        var c = o.Counts;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"counts: sent={c.Sent} acked={c.Acked} failed={c.Failed} indeterminate={c.Indeterminate} ackedLost={c.AckedLost} unackedPresent={c.UnackedPresent} silentlyLost={c.SilentlyLost} unprocessed={c.Unprocessed} duplicatesInLog={c.DuplicatesInLog} duplicateProcessing={c.DuplicateProcessing} reordered={c.Reordered} unexpected={c.Unexpected}");
        if (o.FailuresByError.Count > 0)
            text.AppendLine("errors: " + string.Join(", ", o.FailuresByError.Select(kv => $"{kv.Key}={kv.Value}")));
        foreach (var f in o.Findings)
            text.AppendLine(CultureInfo.InvariantCulture, $"finding {f.Kind} × {f.Count}: {string.Join(", ", f.Examples)}{(f.Detail is null ? "" : $" ({f.Detail})")}");
        return text.ToString();
    }

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    // XML 1.0 cannot carry most control characters; a broker's log line could contain them.
    private static string Clean(string text) => new(text.Where(ch => ch is '\t' or '\n' or '\r' || (ch >= ' ' && XmlConvert.IsXmlChar(ch))).ToArray());
}
