using System.Diagnostics;
using KafkaChaos.Cluster;

namespace KafkaChaos.Workload;

/// <summary>
/// The parent's handle on a worker running as <c>dotnet chaos.dll worker --spec FILE</c>: counters and events
/// come as JSON lines on the child's stdout, commands go on its stdin, stderr goes to
/// <c>{run}/{name}-{pid}.stderr.log</c>. <see cref="KillAsync"/> is a real SIGKILL. The child kills itself when
/// its stdin closes, so it never outlives this process.
/// </summary>
internal sealed class ChildWorker : IWorker
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);
    private const int StderrTailLines = 40;

    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _stderrTail = new();
    private readonly StreamWriter _stderrLog;
    private readonly Lock _stdinGate = new();
    private readonly TimeSpan _stopTimeout;
    private Task _stdoutPump = Task.CompletedTask;
    private Task _stderrPump = Task.CompletedTask;
    private volatile WorkerCounters _counters = WorkerCounters.Zero;
    private volatile bool _ending;
    private bool _disposed;

    private ChildWorker(string name, Process process, StreamWriter stderrLog, TimeSpan stopTimeout)
    {
        Name = name;
        _process = process;
        _stderrLog = stderrLog;
        _stopTimeout = stopTimeout;
    }

    public string Name { get; }

    public WorkerCounters Counters => _counters;

    public Task Completion => _completion.Task;

    /// <summary>The child's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Environment variable naming the chaos tool's <c>chaos.dll</c> that child-process workers run.</summary>
    public const string ToolVariable = "KAFKA_CHAOS_TOOL";

    /// <summary>The tool children run: <c>$KAFKA_CHAOS_TOOL</c>, else the <c>chaos.dll</c> beside the library assembly
    /// (the tool's own output, and the tests', which reference the tool).</summary>
    public static string ChaosDll => Environment.GetEnvironmentVariable(ToolVariable) is { Length: > 0 } tool
        ? tool
        : Path.Combine(Path.GetDirectoryName(typeof(KafkaCluster).Assembly.Location)!, "chaos.dll");

    /// <summary><see cref="ChaosDll"/>, or a clear error when it is not there (a library user without the tool).</summary>
    private static string RequireChaosDll() => File.Exists(ChaosDll)
        ? ChaosDll
        : throw new InvalidOperationException(
            $"A child-process worker (process: child, needed to SIGKILL a worker) runs the chaos tool, but {ChaosDll} does not exist. " +
            $"Build the tool (dotnet build harness/Cli of kafka-chaos) and set {ToolVariable} to its chaos.dll, or use in-process workers.");

    public static async Task<IWorker> StartAsync(WorkerSpec spec, WorkerContext context, CancellationToken cancellationToken)
    {
        var chaosDll = RequireChaosDll();
        Directory.CreateDirectory(spec.RunDirectory);
        string specPath = Path.Combine(spec.RunDirectory, $"{spec.Name}-{Guid.NewGuid():N}.spec.json");
        await File.WriteAllTextAsync(specPath, spec.ToJson(), cancellationToken).ConfigureAwait(false);

        // The host that runs us when known (the SDK sets DOTNET_HOST_PATH), else `dotnet` from PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(chaosDll);
        info.ArgumentList.Add("worker");
        info.ArgumentList.Add("--spec");
        info.ArgumentList.Add(specPath);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start a worker process.");
        StreamWriter? log = null;
        ChildWorker? worker = null;
        try
        {
            log = new StreamWriter(Path.Combine(spec.RunDirectory, $"{spec.Name}-{process.Id}.stderr.log")) { AutoFlush = true };
            // A producer flushes for up to its delivery timeout; a consumer's close waits at most about a session timeout.
            var stopTimeout = TimeSpan.FromMilliseconds(spec.Producer?.DeliveryTimeoutMs ?? ClientSettings.ConsumerSessionTimeoutMs) + StopGrace;
            worker = new ChildWorker(spec.Name, process, log, stopTimeout);
            worker._stdoutPump = Task.Run(worker.ReadStdoutAsync, CancellationToken.None);
            worker._stderrPump = Task.Run(worker.ReadStderrAsync, CancellationToken.None);
            await worker._ready.Task.WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            return worker;
        }
        catch
        {
            if (worker is not null) await worker.DisposeAsync().ConfigureAwait(false);
            else
            {
                KillQuietly(process);
                process.Dispose();
                log?.Dispose();
            }
            throw;
        }
    }

    public Task WaitPausedAsync(CancellationToken cancellationToken) => _paused.Task.WaitAsync(cancellationToken);

    public Task ResumeAsync(CancellationToken cancellationToken)
    {
        Send("resume");
        return Task.CompletedTask;
    }

    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _ending = true;
        KillQuietly(_process);
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await DrainPumpsAsync().ConfigureAwait(false);
        _paused.TrySetException(new InvalidOperationException($"{Name} was killed before reaching its pause gate."));
        _completion.TrySetResult();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            await DrainPumpsAsync().ConfigureAwait(false);
            return;
        }
        _ending = true;
        Send("stop");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_stopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A close blocked by a fault (brokers unreachable) must not hang the run: the ledger is safe under a
            // kill, so the stop ends as one, noted in the worker's log.
            KillQuietly(_process);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await DrainPumpsAsync().ConfigureAwait(false);
            await _stderrLog.WriteLineAsync($"parent: {Name} did not stop within {_stopTimeout.TotalSeconds:0} s; killed").ConfigureAwait(false);
        }
        await DrainPumpsAsync().ConfigureAwait(false);
        _paused.TrySetException(new InvalidOperationException($"{Name} stopped before reaching its pause gate."));
        _completion.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited) await KillAsync(CancellationToken.None).ConfigureAwait(false);
        await DrainPumpsAsync().ConfigureAwait(false);
        _process.Dispose();
        await _stderrLog.DisposeAsync().ConfigureAwait(false);
        _completion.TrySetResult();
        _paused.TrySetException(new ObjectDisposedException(Name));
    }

    private async Task DrainPumpsAsync()
    {
        try
        {
            await Task.WhenAll(_stdoutPump, _stderrPump).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Pipes of a killed process: nothing more to read.
        }
    }

    private void Send(string command)
    {
        lock (_stdinGate)
        {
            try
            {
                _process.StandardInput.WriteLine(command);
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
                // The child is gone; its exit is reported by the stdout pump.
            }
        }
    }

    private async Task ReadStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (WorkerMessage.TryParse(line) is not { } message)
            {
                Tail($"stdout: {line}");
                continue;
            }
            if (message.Counters is { } counters) _counters = counters;
            switch (message.Event)
            {
                case WorkerMessage.Ready:
                    _ready.TrySetResult();
                    break;
                case WorkerMessage.Paused:
                    _paused.TrySetResult();
                    break;
                case WorkerMessage.Completed:
                    _completion.TrySetResult();
                    break;
                case WorkerMessage.Stopped:
                    _stopped.TrySetResult();
                    break;
                case WorkerMessage.Failed:
                    Exception error = message.PropertyName is not null || !_ready.Task.IsCompleted && message.Error?.Contains("refused", StringComparison.Ordinal) == true
                        ? new WorkerConfigurationException(message.Error ?? "refused configuration", message.PropertyName)
                        : new InvalidOperationException($"{Name} failed: {message.Error}");
                    _ready.TrySetException(error);
                    _completion.TrySetException(error);
                    _paused.TrySetException(error);
                    break;
            }
        }
        // End of stdout: the child exited (or was killed).
        await _stderrPump.ConfigureAwait(false);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        if (!_ending)
        {
            var error = new InvalidOperationException($"{Name} exited unexpectedly with code {_process.ExitCode}. {StderrTail()}");
            _ready.TrySetException(error);
            _completion.TrySetException(error);
            _paused.TrySetException(error);
        }
    }

    private async Task ReadStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            Tail(line);
            await _stderrLog.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private void Tail(string line)
    {
        lock (_stderrTail)
        {
            _stderrTail.Enqueue(line);
            while (_stderrTail.Count > StderrTailLines) _stderrTail.Dequeue();
        }
    }

    private string StderrTail()
    {
        lock (_stderrTail)
        {
            return _stderrTail.Count == 0 ? "(no output on stderr)" : "stderr tail:\n" + string.Join('\n', _stderrTail);
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(); // SIGKILL
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
