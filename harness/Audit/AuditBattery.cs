using KafkaChaos.Scenarios;

namespace KafkaChaos.Audit;

/// <summary>
/// The fault battery: scenario templates under <c>scenarios/audit/</c>, ordinary scenario YAML in files named
/// <c>*.yaml.template</c> so that <see cref="ScenarioCatalog"/> (which takes <c>*.yaml</c>/<c>*.yml</c>) never runs them
/// as claims. A template's expectation only asks that traffic flowed; the audit's verdict is its guarantee matrix.
/// </summary>
internal static class AuditBattery
{
    /// <summary>The template file suffix.</summary>
    public const string Suffix = ".yaml.template";

    /// <summary>The battery's order (the matrix rows): a file's stem is its fault name.</summary>
    public static IReadOnlyList<string> Order { get; } = new List<string>
    {
        "leader-kill", "slow-followers-leader-kill", "network-cut-after-append", "brokers-unreachable",
        "broker-isolation", "consumer-crash-before-commit", "consumer-crash-after-processing", "rolling-restart",
    }.AsReadOnly();

    /// <summary>The repository's <c>scenarios/audit/</c>, found from <paramref name="start"/> upwards.</summary>
    public static string DefaultDirectory(string start) => Find(start) ?? Find(Environment.CurrentDirectory) ?? Path.Combine("scenarios", "audit");

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scenarios", "audit");
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*" + Suffix).Any()) return candidate;
        }
        return null;
    }

    /// <summary>Loads every template of <paramref name="directory"/> (battery order first), optionally only the named ones.</summary>
    /// <exception cref="ScenarioLoadException">A template is not a valid scenario.</exception>
    /// <exception cref="AuditInputException">No templates, or an unknown name in <paramref name="only"/>.</exception>
    public static async Task<IReadOnlyList<Scenario>> LoadAsync(string directory, IReadOnlyCollection<string>? only = null, CancellationToken cancellationToken = default)
    {
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*" + Suffix) : [];
        if (files.Length == 0) throw new AuditInputException($"no battery templates (*{Suffix}) in {directory}");
        var templates = new List<Scenario>();
        var errors = new List<ScenarioError>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file)[..^Suffix.Length];
            try
            {
                var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                templates.Add(ScenarioLoader.Parse(text, file) with { Name = name, Seed = ScenarioLoader.DefaultSeed(name) });
            }
            catch (ScenarioLoadException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        if (errors.Count > 0) throw new ScenarioLoadException(errors);
        if (only is { Count: > 0 })
        {
            var unknown = only.Where(o => templates.All(t => t.Name != o)).ToList();
            if (unknown.Count > 0)
                throw new AuditInputException(unknown.Select(u => $"--faults: no template '{u}'" + (Nearest.Of(u, templates.Select(t => t.Name)) is { } n ? $"; did you mean '{n}'?" : "")).ToList());
            templates = templates.Where(t => only.Contains(t.Name)).ToList();
        }
        return templates.OrderBy(t => ((IList<string>)Order).IndexOf(t.Name) is var i && i >= 0 ? i : int.MaxValue).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
    }
}
