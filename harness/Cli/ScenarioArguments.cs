using KafkaChaos.Scenarios;

namespace KafkaChaos.Cli;

/// <summary>Turns the scenario arguments of <c>chaos run</c> and <c>chaos list</c> (files, directories, globs) into scenarios.</summary>
internal static class ScenarioArguments
{
    /// <summary>The default: the repository's <c>scenarios/</c>, found from the current directory upwards.</summary>
    public static string DefaultDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scenarios");
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.yaml").Any()) return candidate;
        }
        return "scenarios";
    }

    public static async Task<IReadOnlyList<Scenario>> LoadAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var sources = arguments.Count > 0 ? arguments : [DefaultDirectory()];
        var scenarios = new List<Scenario>();
        foreach (var source in sources)
        {
            // A bare name ("b2-acks1-leader-kill") means that file in the default directory.
            var path = File.Exists(source) || Directory.Exists(source) || source.Contains('*') || source.EndsWith(".yaml", StringComparison.Ordinal)
                ? source
                : Path.Combine(DefaultDirectory(), source + ".yaml");
            var catalog = await ScenarioCatalog.LoadAsync(path, cancellationToken);
            scenarios.AddRange(catalog.Scenarios.Where(s => scenarios.All(existing => existing.Name != s.Name)));
        }
        return scenarios;
    }
}
