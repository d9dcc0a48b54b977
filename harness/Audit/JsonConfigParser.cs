using System.Globalization;
using System.Text.Json;

namespace KafkaChaos.Audit;

/// <summary>
/// Reads a client configuration from a JSON file section, as .NET configuration binds it (<c>Kafka:Producer</c>,
/// section names case-insensitive). Keys are Confluent.Kafka's config property names (<c>Acks</c>,
/// <c>EnableIdempotence</c>, <c>MessageTimeoutMs</c>: mapped to librdkafka's names and values through
/// Confluent.Kafka itself, see <see cref="LibrdkafkaNames"/>) or librdkafka's dotted names (<c>linger.ms</c>).
/// </summary>
internal static class JsonConfigParser
{
    /// <summary>The entries of the section <paramref name="section"/> (null: the whole document) of <paramref name="json"/>.</summary>
    /// <exception cref="AuditInputException">Not JSON, no such section, a nested value, or an unknown PascalCase key.</exception>
    public static IReadOnlyList<ConfigEntry> Parse(string json, string fileName, string? section)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new AuditInputException($"{fileName}: not valid JSON: {ex.Message}");
        }
        using (document)
        {
            var node = document.RootElement;
            var path = new List<string>();
            foreach (var part in (section ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                path.Add(part);
                if (node.ValueKind != JsonValueKind.Object)
                    throw new AuditInputException($"{fileName}#{string.Join(':', path)}: expected an object, found {node.ValueKind}");
                var found = node.EnumerateObject().Where(p => string.Equals(p.Name, part, StringComparison.OrdinalIgnoreCase)).ToList();
                if (found.Count == 0)
                {
                    var names = node.EnumerateObject().Select(p => p.Name).ToList();
                    var nearest = Nearest.Of(part, names);
                    throw new AuditInputException($"{fileName}: no section '{string.Join(':', path)}'" +
                        (names.Count == 0 ? "" : $" (there: {string.Join(", ", names)})") + (nearest is null ? "" : $"; did you mean '{nearest}'?"));
                }
                node = found[^1].Value;
            }
            if (node.ValueKind != JsonValueKind.Object)
                throw new AuditInputException($"{fileName}#{section}: expected an object of client properties, found {node.ValueKind}");

            var where = section is null ? Path.GetFileName(fileName) : $"{Path.GetFileName(fileName)}#{section}";
            var entries = new List<ConfigEntry>();
            var problems = new List<string>();
            foreach (var property in node.EnumerateObject())
            {
                var origin = $"{where}.{property.Name}";
                string text;
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String: text = property.Value.GetString()!; break;
                    case JsonValueKind.Number: text = property.Value.GetRawText(); break;
                    case JsonValueKind.True: text = "true"; break;
                    case JsonValueKind.False: text = "false"; break;
                    case JsonValueKind.Null: continue; // binding leaves a null property unset
                    default:
                        problems.Add($"{origin}: expected a string, number or boolean, found {property.Value.ValueKind}");
                        continue;
                }
                if (property.Name.Contains('.', StringComparison.Ordinal))
                {
                    entries.Add(new ConfigEntry(property.Name, text, origin));
                    continue;
                }
                if (LibrdkafkaNames.TryBind(property.Name, text, out var key, out var value, out var problem))
                    entries.Add(new ConfigEntry(key, value, origin));
                else
                    problems.Add($"{origin}: {problem}");
            }
            if (problems.Count > 0) throw new AuditInputException(problems);
            return entries;
        }
    }
}
