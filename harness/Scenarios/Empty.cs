namespace KafkaChaos.Scenarios;

/// <summary>Shared empty collections for defaults.</summary>
internal static class Empty
{
    /// <summary>An empty, read-only string map.</summary>
    public static IReadOnlyDictionary<string, string> Map { get; } = new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(new Dictionary<string, string>());
}
