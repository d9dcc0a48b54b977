using System.Text.RegularExpressions;
using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios;

/// <summary>Damaged files must produce located errors, never another exception.</summary>
internal sealed partial class ScenarioLoaderRobustnessTests
{
    private static readonly string[] Replacements = ["-1", "x", "[]", "{}", "", "\"\"", "99999999999999999999", "{ a: 1 }", "[1, 2]"];

    [TestCase("b2-acks1-leader-kill.yaml")]
    [TestCase("c5-offset-reset-recovery.yaml")]
    [TestCase("b9-size-raised-replica-fetch-default.yaml")]
    public void Damaged_files_fail_with_located_errors_only(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(ScenarioFiles.Directory, file));
        var variants = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            variants.Add(string.Join('\n', lines.Where((_, j) => j != i)));
            var match = Value().Match(lines[i]);
            if (!match.Success) continue;
            foreach (var replacement in Replacements)
            {
                var copy = (string[])lines.Clone();
                copy[i] = match.Groups["head"].Value + replacement;
                variants.Add(string.Join('\n', copy));
            }
        }
        Assert.That(variants, Has.Count.GreaterThan(50));
        foreach (var yaml in variants)
        {
            try
            {
                ScenarioLoader.Parse(yaml, file);
            }
            catch (ScenarioLoadException e)
            {
                Assert.That(e.Errors, Is.Not.Empty);
                Assert.That(e.Errors.All(x => x.Line >= 1 && x.Column >= 1 && x.Message.Length > 0), Is.True, e.Message);
            }
        }
    }

    // A line of the form "  key: value" (plain mapping entries only).
    [GeneratedRegex(@"^(?<head>\s*(- )?[A-Za-z.]+: ).+$")]
    private static partial Regex Value();
}
