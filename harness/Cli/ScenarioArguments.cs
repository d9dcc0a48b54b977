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

    /// <summary>
    /// Loads what the arguments name; with none, the whole default directory (cross-checked as a catalog). A
    /// selection is not cross-checked, so one arm of a compared pair can run alone (its ratio is then not reported).
    /// </summary>
    public static async Task<IReadOnlyList<Scenario>> LoadAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (arguments.Count == 0) return (await ScenarioCatalog.LoadAsync(DefaultDirectory(), cancellationToken)).Scenarios;

        var files = new List<string>();
        foreach (var argument in arguments)
        {
            // A bare name ("b2-acks1-leader-kill") means that file in the default directory.
            var isPath = File.Exists(argument) || Directory.Exists(argument) || argument.IndexOfAny(['*', '?', '/']) >= 0 || argument.EndsWith(".yaml", StringComparison.Ordinal);
            var matched = ScenarioCatalog.ResolveFiles(isPath ? argument : Path.Combine(DefaultDirectory(), argument + ".yaml"));
            if (matched.Count == 0) throw new ArgumentException($"No scenario matches '{argument}' (try 'chaos list').");
            files.AddRange(matched.Select(Path.GetFullPath).Where(f => !files.Contains(f)));
        }
        var errors = new List<ScenarioError>();
        var scenarios = new List<Scenario>();
        foreach (var file in files)
        {
            try
            {
                scenarios.Add(await ScenarioLoader.LoadAsync(file, cancellationToken));
            }
            catch (ScenarioLoadException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        if (errors.Count > 0) throw new ScenarioLoadException(errors);
        return ScenarioCatalog.FromScenarios(scenarios).Scenarios;
    }
}
