namespace KafkaChaos.Audit;

/// <summary>A client configuration as read from a team's file: its entries in file order (a repeated key: the last wins).</summary>
/// <param name="Source">The file (and section) it was read from, as given.</param>
/// <param name="Entries">The entries, in file order.</param>
internal sealed record ClientConfigFile(string Source, IReadOnlyList<ConfigEntry> Entries)
{
    /// <summary>No file: every setting at its default.</summary>
    public static ClientConfigFile None { get; } = new("(none)", []);

    /// <summary>The effective key → value map (the last occurrence of a key wins, as in librdkafka and Java).</summary>
    public IReadOnlyDictionary<string, string> Values
    {
        get
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in Entries) map[entry.Key] = entry.Value;
            return map;
        }
    }

    /// <summary>
    /// Reads <paramref name="spec"/>: a <c>.properties</c> file (any extension but <c>.json</c>), or
    /// <c>file.json#Section:Sub</c> (the section whose members bind to Confluent.Kafka's config classes).
    /// </summary>
    /// <exception cref="AuditInputException">The file is missing or malformed, or the section does not exist.</exception>
    public static ClientConfigFile Load(string spec)
    {
        var hash = spec.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? spec : spec[..hash];
        var section = hash < 0 ? null : spec[(hash + 1)..];
        if (!File.Exists(path)) throw new AuditInputException($"{path}: no such file");
        var text = File.ReadAllText(path);
        var isJson = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        if (section is not null && !isJson) throw new AuditInputException($"{spec}: a section path (#...) only applies to a JSON file");
        var entries = isJson ? JsonConfigParser.Parse(text, path, section) : PropertiesParser.Parse(text, path);
        return new ClientConfigFile(spec, entries);
    }
}
