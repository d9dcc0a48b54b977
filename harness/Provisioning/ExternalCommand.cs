using System.Diagnostics;
using System.Text;

namespace KafkaChaos.Provisioning;

/// <summary>Runs a short-lived external tool (npm, make, java) and captures its output.</summary>
internal static class ExternalCommand
{
    public sealed record Result(int ExitCode, string Output)
    {
        /// <summary>The last lines of the output, for error messages.</summary>
        public string Tail(int lines = 20) => string.Join('\n', Output.Split('\n').TakeLast(lines));
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="standardInput"/> (or none); a missing executable is a
    /// <see cref="ProvisioningException"/>.
    /// </summary>
    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory,
        TimeSpan timeout, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (key, value) in environment) info.Environment[key] = value;

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new ProvisioningException($"Could not start {fileName}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ProvisioningException($"'{fileName}' is not installed or not on PATH ({ex.Message}).", ex);
        }

        using (process)
        {
            if (standardInput is not null) await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
            var output = new StringBuilder();
            var gate = new object();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested) throw;
                throw new ProvisioningException($"'{fileName} {string.Join(' ', info.ArgumentList)}' did not finish within {timeout.TotalSeconds:0}s.\n{output}");
            }
            process.WaitForExit(); // drains the asynchronous output readers
            lock (gate) return new Result(process.ExitCode, output.ToString());
        }
    }
}
