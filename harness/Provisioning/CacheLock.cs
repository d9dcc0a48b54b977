namespace KafkaChaos.Provisioning;

/// <summary>
/// A cross-process exclusive lock on a cache entry, so two test processes that provision at once
/// build or unpack it only once. Backed by an exclusively opened lock file (flock on Unix); the OS
/// releases it when the holder dies, so a killed provisioner never wedges the next one.
/// </summary>
internal sealed class CacheLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly FileStream _stream;

    private CacheLock(FileStream stream) => _stream = stream;

    /// <summary>Waits for the lock named <paramref name="name"/> until <paramref name="timeout"/>.</summary>
    public static async Task<CacheLock> AcquireAsync(CachePaths cache, string name, TimeSpan timeout, TextWriter? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cache.Locks);
        var path = Path.Combine(cache.Locks, name + ".lock");
        var deadline = DateTime.UtcNow + timeout;
        var announced = false;
        while (true)
        {
            try
            {
                return new CacheLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another process holds it: it is provisioning the same thing. Wait for it to finish.
                if (!announced && progress is not null)
                {
                    await progress.WriteLineAsync($"waiting for another process provisioning {name} ({path})");
                    announced = true;
                }
                await Task.Delay(PollInterval, cancellationToken);
            }
            catch (IOException ex)
            {
                throw new ProvisioningException($"Timed out after {timeout.TotalSeconds:0}s waiting for the cache lock {path}.", ex);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
