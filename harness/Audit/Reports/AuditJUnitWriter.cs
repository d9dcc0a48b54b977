using System.Globalization;
using System.Xml.Linq;

namespace KafkaChaos.Audit.Reports;

/// <summary>
/// <c>junit.xml</c> for CI: one test case per configuration × fault × guarantee (classname <c>audit.&lt;label&gt;.&lt;fault&gt;</c>).
/// A violated required guarantee, or a guarantee the reference kept and this configuration lost, is a failure; a
/// contradiction of the claims is a failure too (a finding to look at); no evidence is an error; not measured or
/// not applicable is skipped; otherwise passed, with the count and prediction in system-out.
/// </summary>
internal static class AuditJUnitWriter
{
    /// <summary>The file name in the output directory.</summary>
    public const string FileName = "junit.xml";

    /// <summary>The XML text.</summary>
    public static string Render(AuditReport report, AuditVerdict verdict)
    {
        var cases = new List<XElement>();
        foreach (var configuration in report.Configurations)
        {
            foreach (var row in configuration.Rows)
            {
                foreach (var cell in row.Cells)
                    cases.Add(Case(configuration, row, cell, configuration == report.Configurations[0] ? verdict : null));
            }
        }
        int Count(string element) => cases.Count(c => c.Element(element) is not null);
        var suite = new XElement("testsuite",
            new XAttribute("name", $"kafka-chaos audit (Kafka {report.KafkaVersion})"),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", Count("failure")),
            new XAttribute("errors", Count("error")),
            new XAttribute("skipped", Count("skipped")),
            new XAttribute("time", (report.DurationMs / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)),
            cases);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite)).Declaration + Environment.NewLine + suite.Parent;
    }

    private static XElement Case(ConfigurationAudit configuration, MatrixRow row, MatrixCell cell, AuditVerdict? verdict)
    {
        var element = new XElement("testcase",
            new XAttribute("classname", $"audit.{configuration.Label}.{row.Fault}"),
            new XAttribute("name", Guarantees.PolicyName(cell.Guarantee)),
            new XAttribute("time", (row.DurationMs / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)));
        var examples = cell.Examples.Count == 0 ? "" : $" (e.g. {string.Join(", ", cell.Examples)})";
        var measured = $"measured {cell.Count}{examples}; the claims predict {cell.Prediction.Short} {cell.Prediction.Reason}".Trim();
        switch (cell.State)
        {
            case CellState.NotMeasured:
                element.Add(new XElement("skipped", new XAttribute("message", "not measured: this fault's run has no consumer")));
                return element;
            case CellState.NotApplicable:
                element.Add(new XElement("skipped", new XAttribute("message", $"not applicable: {row.Reason}")));
                return element;
            case CellState.Inconclusive:
                element.Add(new XElement("error", new XAttribute("message", $"no evidence: {row.Reason}")));
                return element;
        }
        var lost = verdict?.Lost.FirstOrDefault(l => l.Fault == row.Fault && l.Guarantee == cell.Guarantee);
        if (verdict is not null && verdict.Required.Contains(cell.Guarantee) && cell.Violated)
            element.Add(new XElement("failure", new XAttribute("message", $"required guarantee violated: {measured}")));
        else if (lost is not null)
            element.Add(new XElement("failure", new XAttribute("message", $"lost against {verdict!.Reference}: {lost}")));
        else if (cell.Contradiction)
            element.Add(new XElement("failure", new XAttribute("message", $"contradicts the claims: {measured}")));
        element.Add(new XElement("system-out", measured));
        return element;
    }
}
