using System.Text.RegularExpressions;

namespace KafkaChaos.Scenarios;

/// <summary>
/// Every scenario of a directory (recursively, <c>*.yaml</c> and <c>*.yml</c>), one file, or a glob such as
/// <c>scenarios/b*.yaml</c> or <c>scenarios/**/*.yaml</c>; checked across files (unique names, <c>compare.scenario</c> targets).
/// </summary>
internal sealed class ScenarioCatalog
{
    /// <summary>The claim ids of CLAIMS.md, in its order.</summary>
    public static IReadOnlyList<string> ClaimIds { get; } = new List<string>
        {"P1", "P2", "P3", "P4", "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "D1", "D2", "D3", "D4", "C1", "C2", "C3", "C4", "C5", "B10", "B11", "D5", "K1"}.AsReadOnly();

    private ScenarioCatalog(IReadOnlyList<Scenario> scenarios) => Scenarios = scenarios;

    /// <summary>The scenarios, ordered by claim (CLAIMS.md order) then name.</summary>
    public IReadOnlyList<Scenario> Scenarios { get; }

    /// <summary>The scenario with this name (file stem), or null.</summary>
    public Scenario? Find(string name) => Scenarios.FirstOrDefault(s => s.Name == name);

    /// <summary>The scenarios of one claim.</summary>
    public IReadOnlyList<Scenario> ForClaim(string claim) => Scenarios.Where(s => s.Claim == claim).ToList();

    /// <summary>Claim ids of CLAIMS.md without any scenario here.</summary>
    public IReadOnlyList<string> UncoveredClaims => ClaimIds.Where(c => Scenarios.All(s => s.Claim != c)).ToList();

    /// <summary>Scenarios in any of the categories (all when none given).</summary>
    public IReadOnlyList<Scenario> InCategories(IReadOnlyCollection<string> categories) =>
        categories.Count == 0 ? Scenarios : Scenarios.Where(s => s.Categories.Any(categories.Contains)).ToList();

    /// <summary>Loads every matching file; throws one exception listing every problem in every file.</summary>
    /// <exception cref="ScenarioLoadException">Any file is invalid, or the files disagree (duplicate names, unknown compare targets).</exception>
    /// <exception cref="FileNotFoundException">Nothing matches.</exception>
    public static async Task<ScenarioCatalog> LoadAsync(string directoryOrGlob, CancellationToken cancellationToken = default)
    {
        var files = ResolveFiles(directoryOrGlob);
        if (files.Count == 0) throw new FileNotFoundException($"no scenario files match '{directoryOrGlob}'", directoryOrGlob);
        var errors = new List<ScenarioError>();
        var scenarios = new List<Scenario>();
        foreach (var file in files)
        {
            try
            {
                scenarios.Add(await ScenarioLoader.LoadAsync(file, cancellationToken).ConfigureAwait(false));
            }
            catch (ScenarioLoadException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        errors.AddRange(CrossCheck(scenarios));
        if (errors.Count > 0) throw new ScenarioLoadException(errors);
        return FromScenarios(scenarios);
    }

    /// <summary>A catalog of scenarios built in code (ordered, not cross-checked).</summary>
    public static ScenarioCatalog FromScenarios(IEnumerable<Scenario> scenarios) =>
        new(scenarios
            .OrderBy(s => ((IList<string>)ClaimIds).IndexOf(s.Claim) is var i && i >= 0 ? i : int.MaxValue)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList());

    private static IEnumerable<ScenarioError> CrossCheck(List<Scenario> scenarios)
    {
        var byName = new Dictionary<string, Scenario>(StringComparer.Ordinal);
        foreach (var s in scenarios)
        {
            if (!byName.TryAdd(s.Name, s))
                yield return new ScenarioError(s.SourcePath ?? s.Name, 1, 1, "", $"duplicate scenario name '{s.Name}' (also {byName[s.Name].SourcePath})");
        }
        foreach (var s in scenarios)
        {
            if (s.Compare is { } c && !byName.ContainsKey(c.With))
            {
                var nearest = ScenarioKeys.Nearest(c.With, byName.Keys);
                yield return new ScenarioError(s.SourcePath ?? s.Name, 1, 1, "compare.scenario",
                    $"no scenario named '{c.With}'{(nearest is null ? "" : $"; did you mean '{nearest}'?")}");
            }
        }
    }

    /// <summary>The files a directory, file or glob names, sorted.</summary>
    public static IReadOnlyList<string> ResolveFiles(string directoryOrGlob)
    {
        if (Directory.Exists(directoryOrGlob))
        {
            return Directory.EnumerateFiles(directoryOrGlob, "*", SearchOption.AllDirectories)
                .Where(IsYaml).Order(StringComparer.Ordinal).ToList();
        }
        if (File.Exists(directoryOrGlob)) return [directoryOrGlob];

        var normalized = directoryOrGlob.Replace('\\', '/');
        var firstWildcard = normalized.IndexOfAny(['*', '?']);
        if (firstWildcard < 0) return [];
        var rootEnd = normalized.LastIndexOf('/', firstWildcard);
        var root = rootEnd < 0 ? "." : normalized[..Math.Max(rootEnd, 1)];
        var pattern = rootEnd < 0 ? normalized : normalized[(rootEnd + 1)..];
        if (!Directory.Exists(root)) return [];
        var regex = new Regex("^" + Regex.Escape(pattern)
            .Replace(@"\*\*/", "(?:.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => regex.IsMatch(Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
}
