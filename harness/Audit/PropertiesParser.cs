using System.Globalization;
using System.Text;

namespace KafkaChaos.Audit;

/// <summary>
/// Reads a Java/librdkafka <c>.properties</c> file as <c>java.util.Properties.load</c> does: <c>key=value</c>,
/// <c>key: value</c> or <c>key value</c>; <c>#</c> and <c>!</c> comment lines; a line ending in an odd number of
/// backslashes continues on the next (whose leading blanks are dropped); escapes <c>\t \n \r \f \uXXXX</c>,
/// and a backslash before any other character keeps that character (<c>\=</c>, <c>\:</c>, <c>\ </c>, <c>\\</c>).
/// </summary>
internal static class PropertiesParser
{
    /// <summary>The entries of <paramref name="text"/>; <paramref name="fileName"/> names them in errors and origins.</summary>
    /// <exception cref="AuditInputException">A malformed <c>\u</c> escape.</exception>
    public static IReadOnlyList<ConfigEntry> Parse(string text, string fileName)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var entries = new List<ConfigEntry>();
        var problems = new List<string>();
        var name = Path.GetFileName(fileName);
        for (var i = 0; i < lines.Length; i++)
        {
            var firstLine = i + 1;
            var line = lines[i].TrimStart(' ', '\t', '\f');
            if (line.Length == 0 || line[0] is '#' or '!') continue;
            var logical = new StringBuilder();
            while (true)
            {
                if (!EndsWithContinuation(line))
                {
                    logical.Append(line);
                    break;
                }
                logical.Append(line, 0, line.Length - 1);
                if (++i >= lines.Length) break;
                line = lines[i].TrimStart(' ', '\t', '\f');
            }
            try
            {
                var (key, value) = Split(logical.ToString());
                entries.Add(new ConfigEntry(key, value, $"{name}:{firstLine}"));
            }
            catch (FormatException ex)
            {
                problems.Add($"{fileName}:{firstLine}: {ex.Message}");
            }
        }
        if (problems.Count > 0) throw new AuditInputException(problems);
        return entries;
    }

    private static bool EndsWithContinuation(string line)
    {
        var backslashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--) backslashes++;
        return backslashes % 2 == 1;
    }

    private static (string Key, string Value) Split(string line)
    {
        var keyEnd = 0;
        while (keyEnd < line.Length)
        {
            var c = line[keyEnd];
            if (c == '\\')
            {
                keyEnd += 2;
                continue;
            }
            if (c is '=' or ':' or ' ' or '\t' or '\f') break;
            keyEnd++;
        }
        keyEnd = Math.Min(keyEnd, line.Length);
        var rest = keyEnd;
        while (rest < line.Length && line[rest] is ' ' or '\t' or '\f') rest++;
        if (rest < line.Length && line[rest] is '=' or ':') rest++;
        while (rest < line.Length && line[rest] is ' ' or '\t' or '\f') rest++;
        return (Unescape(line[..keyEnd]), Unescape(line[rest..]));
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal)) return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                result.Append(c);
                continue;
            }
            var next = text[++i];
            switch (next)
            {
                case 't': result.Append('\t'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 'f': result.Append('\f'); break;
                case 'u':
                    if (text.Length - i - 1 < 4)
                        throw new FormatException($"malformed \\u escape in '{text}' (expected four hex digits)");
                    var hex = text.Substring(i + 1, 4);
                    if (!int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        throw new FormatException($"malformed \\u escape '\\u{hex}' in '{text}' (expected four hex digits)");
                    result.Append((char)code);
                    i += 4;
                    break;
                default: result.Append(next); break;
            }
        }
        return result.ToString();
    }
}
