using System.Diagnostics;
using KafkaChaos.Checkers;
using KafkaChaos.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.History;

/// <summary>
/// The real thing: a child process writes a ledger and tells the parent (its "broker") about every message it
/// hands off, and is SIGKILLed mid-stream. Building the child takes a few seconds with a warm build server
/// (more when cold), hence the Slow category; the every-byte truncation tests cover every cut point quickly.
/// </summary>
internal sealed class SigkillChildTests
{
    private const string ChildProgram = """
        using KafkaChaos.History;
        using var writer = HistoryWriter.Create(args[0], "child-producer", TimeProvider.System);
        var stdout = Console.Out;
        for (long i = 0; ; i++)
        {
            var id = new MessageId(0, i);
            writer.RecordInvocations([id], resultIgnored: false); // durable before the hand-off
            stdout.WriteLine(i);                                   // the hand-off: the parent appends it to the log
            stdout.Flush();
            writer.RecordCompletion(id, SendOutcome.Ok(0, i));     // buffered: may be lost, reads as indeterminate
        }
        """;

    [Test, Category("Slow")]
    public async Task A_sigkilled_writer_leaves_a_ledger_with_no_false_anomaly()
    {
        using var work = new TempDirectory();
        string project = Path.Combine(work.Path, "child");
        Directory.CreateDirectory(project);
        string library = typeof(HistoryWriter).Assembly.Location;
        await File.WriteAllTextAsync(Path.Combine(project, "child.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><AssemblyName>chaos</AssemblyName><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
              <ItemGroup><Reference Include="chaos"><HintPath>{library}</HintPath></Reference></ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), ChildProgram);
        string output = Path.Combine(work.Path, "out");
        var build = await RunAsync("dotnet", $"build \"{project}\" -c Release -o \"{output}\" -nologo -v q --disable-build-servers");
        Assert.That(build.ExitCode, Is.Zero, build.Output);

        string runDirectory = Path.Combine(work.Path, "run");
        var child = Process.Start(new ProcessStartInfo("dotnet", $"\"{Path.Combine(output, "chaos.dll")}\" \"{runDirectory}\"")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var handedOff = new List<long>();
        while (handedOff.Count < 20_000 && await child.StandardOutput.ReadLineAsync() is { } line)
        {
            handedOff.Add(long.Parse(line));
        }
        child.Kill(); // SIGKILL on Linux
        // Whatever it handed off before dying is in the pipe: the "broker" appends all of it.
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            handedOff.Add(long.Parse(line));
        }
        await child.WaitForExitAsync();

        var history = await RunHistory.LoadAsync(runDirectory);
        var log = new FinalReadBuilder("t").AddPartition(0);
        foreach (long sequence in handedOff)
        {
            log.Add(0, sequence, new MessageId(0, sequence));
        }
        var result = HistoryChecker.Check(history, log.Build());
        TestContext.Out.WriteLine($"handed off {handedOff.Count}, ledger: {history.Streams.Single()}, counts {result.Counts}");

        Assert.That(result.HasAnomalies, Is.False, string.Join("; ", result.Findings.Select(f => $"{f.Kind} {f.Count}")));
        Assert.That(result.Counts.Sent, Is.GreaterThanOrEqualTo(handedOff.Count));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments)
    {
        var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
