using System.Diagnostics;

namespace KafkaChaos.Soak;

/// <summary>
/// Samples the harness's own memory, file descriptors and threads at a fixed interval while a soak runs, so a leak
/// shows as a rising line. The brokers are other processes: only this one is measured.
/// </summary>
internal sealed class ResourceSampler : IAsyncDisposable
{
    private readonly List<ResourceSample> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Action<ResourceSample>? _onSample;

    /// <param name="interval">Time between samples.</param>
    /// <param name="onSample">Called with each sample (e.g. to print it).</param>
    public ResourceSampler(TimeSpan interval, Action<ResourceSample>? onSample = null)
    {
        _onSample = onSample;
        Take();
        _loop = LoopAsync(interval);
    }

    /// <summary>The samples so far, the first taken at construction.</summary>
    public IReadOnlyList<ResourceSample> Samples
    {
        get
        {
            lock (_samples) return [.. _samples];
        }
    }

    /// <summary>Takes one sample now.</summary>
    public ResourceSample Take()
    {
        using var process = Process.GetCurrentProcess();
        var sample = new ResourceSample(_clock.Elapsed.TotalSeconds, process.WorkingSet64 / 1048576.0, GC.GetTotalMemory(false) / 1048576.0,
            CountFileDescriptors(), process.Threads.Count);
        lock (_samples) _samples.Add(sample);
        _onSample?.Invoke(sample);
        return sample;
    }

    /// <summary>Open file descriptors of this process, -1 where /proc/self/fd cannot be listed.</summary>
    public static int CountFileDescriptors()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>
    /// This process's open file descriptors by kind (<c>socket</c>, <c>pipe</c>, <c>anon_inode:[eventfd]</c>, or the
    /// directory of a file), most first: what a leak would be made of.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, int>> FileDescriptorKinds()
    {
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var fd in Directory.GetFileSystemEntries("/proc/self/fd"))
            {
                string? target;
                try
                {
                    target = new FileInfo(fd).LinkTarget;
                }
                catch (IOException)
                {
                    continue; // closed while listing
                }
                var kind = target switch
                {
                    null => "?",
                    _ when target.StartsWith("socket:", StringComparison.Ordinal) => "socket",
                    _ when target.StartsWith("pipe:", StringComparison.Ordinal) => "pipe",
                    _ when target.StartsWith("anon_inode:", StringComparison.Ordinal) => target,
                    _ => Path.GetDirectoryName(target) ?? target,
                };
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        return [.. kinds.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal)];
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) Take();
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    /// <summary>Stops sampling after one last sample.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        await _loop;
        Take();
        _stop.Dispose();
    }
}
