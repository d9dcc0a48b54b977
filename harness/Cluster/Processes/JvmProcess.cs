using System.Diagnostics;

namespace KafkaChaos.Cluster.Processes;

/// <summary>
/// One JVM (a broker or ZooKeeper) started in its own session, with stdout and stderr going straight to a
/// file (no pipe to this process, so it never blocks on us) and its pid written to the run directory for
/// the reaper. Owns the process: kill -9, clean stop with a deadline, pause and resume.
/// </summary>
internal sealed class JvmProcess : INodeProcess
{
    private readonly Process _process;

    private JvmProcess(Process process, string name, string outputFile, string pidFile)
    {
        _process = process;
        Name = name;
        OutputFile = outputFile;
        PidFile = pidFile;
    }

    public string Name { get; }
    public string OutputFile { get; }
    public string PidFile { get; }
    public int Pid => _process.Id;

    int? INodeProcess.Pid => _process.HasExited ? null : _process.Id;
    public bool HasExited => _process.HasExited;
    public bool IsPaused { get; private set; }

    /// <summary>Starts <c>java</c> with <paramref name="arguments"/> and records its pid.</summary>
    public static JvmProcess Start(string java, IEnumerable<string> arguments, string name, string directory)
    {
        Directory.CreateDirectory(directory);
        var output = Path.Combine(directory, "stdout.log");
        var pidFile = Path.Combine(directory, "jvm.pid");
        // exec keeps the pid: sh becomes setsid, which (not being a group leader) becomes java in a new session,
        // so a Ctrl-C aimed at the terminal's process group reaches the harness, which then stops the JVMs in order.
        var command = $"exec setsid {Quote(java)} {string.Join(' ', arguments.Select(Quote))} >> {Quote(output)} 2>&1";
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = directory };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}.");
        File.WriteAllText(pidFile, process.Id.ToString());
        OrphanGuard.Track(process.Id);
        return new JvmProcess(process, name, output, pidFile);
    }

    /// <summary>kill -9, then waits for the exit.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            PosixSignals.Send(Pid, PosixSignals.SigKill);
            await _process.WaitForExitAsync(cancellationToken);
        }
        Forget();
    }

    /// <summary>SIGTERM (Kafka's clean, controlled shutdown), then kill -9 when <paramref name="deadline"/> passes.</summary>
    /// <returns>True when it stopped cleanly within the deadline.</returns>
    public async Task<bool> StopAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        if (_process.HasExited) { Forget(); return true; }
        if (IsPaused) Resume();
        PosixSignals.Send(Pid, PosixSignals.SigTerm);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            Forget();
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync(cancellationToken);
            return false;
        }
    }

    /// <summary>SIGSTOP: the JVM freezes, its sockets stay open, its ZooKeeper session eventually expires.</summary>
    public void Pause()
    {
        PosixSignals.Send(Pid, PosixSignals.SigStop);
        IsPaused = true;
    }

    /// <summary>SIGCONT.</summary>
    public void Resume()
    {
        PosixSignals.Send(Pid, PosixSignals.SigCont);
        IsPaused = false;
    }

    /// <summary>Waits until the process exits on its own (used to notice a broker that died during start).</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public int ExitCode => _process.ExitCode;

    public string ExitDescription => _process.HasExited ? $"exit code {_process.ExitCode}" : "running";

    public Task PauseAsync(CancellationToken cancellationToken)
    {
        Pause();
        return Task.CompletedTask;
    }

    public Task ResumeAsync(CancellationToken cancellationToken)
    {
        Resume();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The last lines the JVM printed, for error messages.</summary>
    public string OutputTail(int lines = 30) => LogTail.Read(OutputFile, lines);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            PosixSignals.Send(Pid, PosixSignals.SigKill);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        Forget();
        _process.Dispose();
    }

    private void Forget()
    {
        OrphanGuard.Untrack(Pid);
        File.Delete(PidFile);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
