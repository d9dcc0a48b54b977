using KafkaChaos.Audit;
using NUnit.Framework;

namespace KafkaChaos.Tests.Audit;

internal sealed class PropertiesParserTests
{
    private static IReadOnlyDictionary<string, string> Parse(string text) =>
        PropertiesParser.Parse(text, "p.properties").ToDictionary(e => e.Key, e => e.Value);

    [Test]
    public void Reads_every_separator_and_skips_comments()
    {
        var values = Parse("# comment\n! also a comment\n\nacks=1\nlinger.ms: 5\nretries 3\n  batch.size =  100  \n");
        Assert.That(values, Is.EqualTo(new Dictionary<string, string> { ["acks"] = "1", ["linger.ms"] = "5", ["retries"] = "3", ["batch.size"] = "100  " }));
    }

    [Test]
    public void Joins_continued_lines_and_resolves_escapes()
    {
        var values = Parse("bootstrap.servers=a:1,\\\n    b:2\nkey\\=with\\:colon=x\\ty\\u0041\nodd=ends\\\\\nnext=1\n");
        Assert.That(values["bootstrap.servers"], Is.EqualTo("a:1,b:2"));
        Assert.That(values["key=with:colon"], Is.EqualTo("x\tyA"));
        Assert.That(values["odd"], Is.EqualTo("ends\\"), "an even number of backslashes does not continue the line");
        Assert.That(values["next"], Is.EqualTo("1"));
    }

    [Test]
    public void Names_the_line_of_each_entry_and_keeps_the_last_of_a_repeated_key()
    {
        var entries = PropertiesParser.Parse("a=1\n\nb=\\\n 2\na=3\n", "dir/p.properties");
        Assert.That(entries.Select(e => e.Origin), Is.EqualTo(new[] { "p.properties:1", "p.properties:3", "p.properties:5" }));
        Assert.That(new ClientConfigFile("p", entries).Values["a"], Is.EqualTo("3"));
    }

    [Test]
    public void A_malformed_unicode_escape_is_refused_with_its_line() =>
        Assert.That(() => PropertiesParser.Parse("a=1\nb=\\u12\n", "p.properties"),
            Throws.TypeOf<AuditInputException>().With.Message.Contains("p.properties:2").And.Message.Contains("\\u"));
}
