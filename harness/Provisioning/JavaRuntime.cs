using System.Text.RegularExpressions;

namespace KafkaChaos.Provisioning;

/// <summary>The Java runtime that runs the brokers: <c>$JAVA_HOME/bin/java</c>, else <c>java</c> on PATH.</summary>
internal sealed partial record JavaRuntime(string Executable, string VersionText)
{
    public static async Task<JavaRuntime> LocateAsync(CancellationToken cancellationToken)
    {
        var javaHome = Environment.GetEnvironmentVariable("JAVA_HOME");
        var executable = !string.IsNullOrWhiteSpace(javaHome) ? Path.Combine(javaHome, "bin", "java") : "java";
        ExternalCommand.Result result;
        try
        {
            result = await ExternalCommand.RunAsync(executable, ["-version"], null, TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (ProvisioningException ex)
        {
            throw new ProvisioningException(
                $"Java is required to run Kafka brokers and was not found ({ex.Message}). Install it: apt-get install -y openjdk-17-jre-headless, or set JAVA_HOME.", ex);
        }
        if (result.ExitCode != 0)
            throw new ProvisioningException($"'{executable} -version' failed (exit {result.ExitCode}):\n{result.Tail()}");
        var match = VersionLine().Match(result.Output);
        return new JavaRuntime(executable, match.Success ? match.Groups["v"].Value : result.Output.Split('\n')[0].Trim());
    }

    [GeneratedRegex("version \"(?<v>[^\"]+)\"")]
    private static partial Regex VersionLine();
}
