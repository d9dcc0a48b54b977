namespace KafkaChaos.Tests.Scenarios;

/// <summary>Locates the repository's <c>scenarios/</c> directory from the test binaries.</summary>
internal static class ScenarioFiles
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scenarios");
            if (File.Exists(Path.Combine(dir.FullName, "Chaos.sln")) && System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"no scenarios/ directory beside Chaos.sln above {AppContext.BaseDirectory}");
    }
}
