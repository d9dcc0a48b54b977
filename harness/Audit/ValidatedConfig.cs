namespace KafkaChaos.Audit;

/// <summary>A client configuration librdkafka accepted, with the keys the harness set aside and why.</summary>
/// <param name="Role">Producer or consumer.</param>
/// <param name="Source">The file it came from.</param>
/// <param name="Properties">Accepted properties under their canonical names (aliases resolved), with where each came from.</param>
/// <param name="Notes">Keys the harness owns or ignores, each with the reason.</param>
internal sealed record ValidatedConfig(ClientRole Role, string Source, IReadOnlyDictionary<string, ConfigEntry> Properties, IReadOnlyList<string> Notes)
{
    /// <summary>A configuration with every setting at librdkafka's default.</summary>
    public static ValidatedConfig Defaults(ClientRole role) => new(role, "(librdkafka defaults)", new Dictionary<string, ConfigEntry>(), []);

    /// <summary>The user's value of <paramref name="key"/> (canonical name), or null.</summary>
    public string? Get(string key) => Properties.TryGetValue(key, out var entry) ? entry.Value : null;
}
